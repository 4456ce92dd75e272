package io.meshrelay.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class SdesCryptoTest {

    @Test
    void parsesTheRfc4568Example() {
        // RFC 4568 §5.1 example offer.
        SdesCrypto c = SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:4");
        assertEquals(1, c.tag());
        assertEquals(SrtpSuite.AES_CM_128_HMAC_SHA1_80, c.suite());
        assertEquals(1L << 20, c.lifetime());
        assertEquals(1, c.mki());
        assertEquals(4, c.mkiLength());
        assertTrue(c.hasMki());
        assertEquals("PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", c.keys().inlineBase64());
        assertEquals("1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:4", c.format());
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void formatsWhatItParsesForEverySuite(SrtpSuite suite) {
        SdesCrypto generated = SdesCrypto.generate(3, suite);
        SdesCrypto parsed = SdesCrypto.parse(generated.format());
        assertEquals(generated, parsed);
        assertFalse(parsed.hasMki());
        SdesCrypto withParams = SdesCrypto.parse(generated.format() + "|1000 UNENCRYPTED_SRTCP KDR=0");
        assertEquals(1000, withParams.lifetime());
        assertEquals(List.of("UNENCRYPTED_SRTCP", "KDR=0"), withParams.sessionParams());
        assertTrue(withParams.hasSessionParam("kdr"));
        assertEquals(withParams, SdesCrypto.parse(withParams.format()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
        "''#crypto attribute is empty",
        "1 AES_CM_128_HMAC_SHA1_80#needs 'tag suite key-params'",
        "x1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR#crypto tag 'x1'",
        "1 F8_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR#'F8_128_HMAC_SHA1_80'",
        "1 AES_CM_128_HMAC_SHA1_80 uri:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR#must start with 'inline:'",
        "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjk#decodes to 14 bytes",
        "1 AES_CM_128_HMAC_SHA1_80 inline:PS1u*CVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR#not base64",
        "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^49#lifetime '2^49'",
        "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|forever#lifetime 'forever'",
        "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|1:0#MKI length 0",
        "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|300:1#does not fit in 1 byte",
        "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|1:a#MKI '1:a'",
        "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|1:4|2^20#lifetime '2^20' must come right after",
        "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR;inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR#several keys",
    })
    void rejectsMalformedAttributesNamingTheBadPart(String value, String expected) {
        SdesParseException e = assertThrows(SdesParseException.class, () -> SdesCrypto.parse(value));
        assertTrue(e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' should contain '" + expected + "'");
    }
}
