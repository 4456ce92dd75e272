package io.meshrelay.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SrtpKeyMaterialTest {

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void inlineRoundTripsAndGeneratedKeysDiffer(SrtpSuite suite) {
        SrtpKeyMaterial a = SrtpKeyMaterial.generate(suite);
        SrtpKeyMaterial b = SrtpKeyMaterial.generate(suite);
        assertNotEquals(a, b);
        assertEquals(a, SrtpKeyMaterial.fromInline(suite, a.inlineBase64()));
        assertEquals(suite.masterKeyLength(), a.masterKey().length);
        assertEquals(suite.masterSaltLength(), a.masterSalt().length);
        assertFalse(a.toString().contains(a.inlineBase64()));
    }

    @Test
    void rejectsBadInlineKeysNamingTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SrtpKeyMaterial.fromInline(SrtpSuite.AES_CM_128_HMAC_SHA1_80, "not*base64"));
        assertTrue(e.getMessage().contains("not base64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SrtpKeyMaterial.fromInline(SrtpSuite.AEAD_AES_256_GCM,
                SrtpKeyMaterial.generate(SrtpSuite.AES_CM_128_HMAC_SHA1_80).inlineBase64()));
        assertTrue(e.getMessage().contains("decodes to 30 bytes; AEAD_AES_256_GCM needs 44"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SrtpSuite.fromName("AES_CM_256_HMAC_SHA1_80"));
        assertTrue(e.getMessage().contains("'AES_CM_256_HMAC_SHA1_80'"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new SrtpKeyMaterial(SrtpSuite.AEAD_AES_128_GCM, new byte[16], new byte[14]));
    }

    @Test
    void suitesReportTheirOverheads() {
        assertEquals(10, SrtpSuite.AES_CM_128_HMAC_SHA1_80.rtpOverhead());
        assertEquals(4, SrtpSuite.AES_CM_128_HMAC_SHA1_32.rtpOverhead());
        assertEquals(14, SrtpSuite.AES_CM_128_HMAC_SHA1_32.rtcpOverhead());
        assertEquals(16, SrtpSuite.AEAD_AES_256_GCM.rtpOverhead());
        assertEquals(20, SrtpSuite.AEAD_AES_128_GCM.rtcpOverhead());
        assertEquals(SrtpSuite.AEAD_AES_256_GCM, SrtpSuite.fromDtlsProfile(0x0008));
    }
}
