package io.meshrelay.srtp;

import java.util.List;
import java.util.Locale;

/**
 * One SDES crypto attribute, the value of {@code a=crypto:} (RFC 4568 §9.1):
 * {@code tag suite inline:<base64 key||salt>[|lifetime][|MKI:length] [session params]}; immutable,
 * any thread. One key parameter only (we never offer several).
 *
 * @param tag            the attribute's decimal tag (1..999999999)
 * @param keys           suite, master key and salt
 * @param lifetime       the key lifetime in packets, or 0 when absent (then the suite's default)
 * @param mki            the MKI value, or -1 when absent
 * @param mkiLength      the MKI length in bytes (1..128), or 0 when absent
 * @param sessionParams  the session parameters as given (e.g. {@code UNENCRYPTED_SRTCP}), maybe empty
 */
public record SdesCrypto(int tag, SrtpKeyMaterial keys, long lifetime, long mki, int mkiLength,
                         List<String> sessionParams) {

    public SdesCrypto {
        if (tag < 0 || tag > 999_999_999) {
            throw new SdesParseException("crypto tag " + tag + " is outside 0..999999999 (RFC 4568 §9.1)");
        }
        if (keys == null) {
            throw new SdesParseException("crypto attribute has no key material");
        }
        sessionParams = List.copyOf(sessionParams);
    }

    /** A crypto attribute with a fresh strong key and no lifetime, MKI or session parameters. */
    public static SdesCrypto generate(int tag, SrtpSuite suite) {
        return new SdesCrypto(tag, SrtpKeyMaterial.generate(suite), 0, -1, 0, List.of());
    }

    public SrtpSuite suite() {
        return keys.suite();
    }

    public boolean hasMki() {
        return mkiLength > 0;
    }

    /**
     * Parses the value of an {@code a=crypto:} line (without "a=crypto:").
     *
     * @throws SdesParseException naming the bad part
     */
    public static SdesCrypto parse(String value) {
        if (value == null || value.isBlank()) {
            throw new SdesParseException("crypto attribute is empty");
        }
        String[] fields = value.trim().split("[ \t]+");
        if (fields.length < 3) {
            throw new SdesParseException("crypto attribute '" + value + "' needs 'tag suite key-params', got "
                    + fields.length + " field(s)");
        }
        int tag;
        if (!fields[0].matches("[0-9]{1,9}")) {
            throw new SdesParseException("crypto tag '" + fields[0] + "' is not 1-9 decimal digits");
        }
        tag = Integer.parseInt(fields[0]);
        SrtpSuite suite;
        try {
            suite = SrtpSuite.fromName(fields[1]);
        } catch (IllegalArgumentException e) {
            throw new SdesParseException(e.getMessage(), e);
        }
        String keyParams = fields[2];
        if (keyParams.indexOf(';') >= 0) {
            throw new SdesParseException("crypto key-params '" + keyParams + "' has several keys; only one is supported");
        }
        if (!keyParams.startsWith("inline:")) {
            throw new SdesParseException("crypto key-params '" + keyParams + "' must start with 'inline:'");
        }
        String[] parts = keyParams.substring("inline:".length()).split("\\|", -1);
        if (parts.length > 3) {
            throw new SdesParseException("crypto key-params '" + keyParams + "' has more than key|lifetime|MKI");
        }
        SrtpKeyMaterial keys;
        try {
            keys = SrtpKeyMaterial.fromInline(suite, parts[0]);
        } catch (IllegalArgumentException e) {
            throw new SdesParseException("crypto " + e.getMessage(), e);
        }
        long lifetime = 0;
        long mki = -1;
        int mkiLength = 0;
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            if (part.indexOf(':') >= 0) {
                if (mkiLength != 0) {
                    throw new SdesParseException("crypto MKI given twice in '" + keyParams + "'");
                }
                String[] mkiParts = part.split(":", -1);
                if (mkiParts.length != 2 || !mkiParts[0].matches("[0-9]{1,19}") || !mkiParts[1].matches("[0-9]{1,3}")) {
                    throw new SdesParseException("crypto MKI '" + part + "' is not 'value:length' in decimal");
                }
                mki = Long.parseLong(mkiParts[0]);
                mkiLength = Integer.parseInt(mkiParts[1]);
                if (mkiLength < 1 || mkiLength > 128) {
                    throw new SdesParseException("crypto MKI length " + mkiLength + " is outside 1..128 (RFC 4568 §9.2)");
                }
                if (mkiLength < 8 && mki >= 1L << (8 * mkiLength)) {
                    throw new SdesParseException("crypto MKI value " + mki + " does not fit in " + mkiLength + " byte(s)");
                }
            } else {
                if (i != 1 || lifetime != 0) {
                    throw new SdesParseException("crypto lifetime '" + part + "' must come right after the key");
                }
                lifetime = parseLifetime(part);
            }
        }
        List<String> sessionParams = List.of(fields).subList(3, fields.length);
        return new SdesCrypto(tag, keys, lifetime, mki, mkiLength, sessionParams);
    }

    /** Lifetime as "2^n" or decimal; at most 2^48 packets for SRTP (RFC 3711 §9.2). */
    private static long parseLifetime(String s) {
        long value;
        if (s.startsWith("2^")) {
            String exponent = s.substring(2);
            if (!exponent.matches("[0-9]{1,2}") || Integer.parseInt(exponent) > 48) {
                throw new SdesParseException("crypto lifetime '" + s + "' must be 2^0..2^48");
            }
            value = 1L << Integer.parseInt(exponent);
        } else if (s.matches("[0-9]{1,15}")) {
            value = Long.parseLong(s);
            if (value == 0 || value > 1L << 48) {
                throw new SdesParseException("crypto lifetime '" + s + "' must be 1..2^48");
            }
        } else {
            throw new SdesParseException("crypto lifetime '" + s + "' is neither decimal nor 2^n");
        }
        return value;
    }

    /** The value of {@code a=crypto:} for this attribute; parse(format()) equals this. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(tag).append(' ').append(keys.suite().name()).append(" inline:").append(keys.inlineBase64());
        if (lifetime > 0) {
            if (Long.bitCount(lifetime) == 1) {
                sb.append("|2^").append(Long.numberOfTrailingZeros(lifetime));
            } else {
                sb.append('|').append(lifetime);
            }
        }
        if (mkiLength > 0) {
            sb.append('|').append(mki).append(':').append(mkiLength);
        }
        for (String param : sessionParams) {
            sb.append(' ').append(param);
        }
        return sb.toString();
    }

    /** Whether a session parameter (e.g. "UNENCRYPTED_SRTP") is present, case-insensitively. */
    public boolean hasSessionParam(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        for (String p : sessionParams) {
            if (p.toUpperCase(Locale.ROOT).equals(upper) || p.toUpperCase(Locale.ROOT).startsWith(upper + "=")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "SdesCrypto[" + tag + " " + keys.suite() + ", key redacted]";
    }
}
