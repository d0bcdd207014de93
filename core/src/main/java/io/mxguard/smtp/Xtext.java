package io.mxguard.smtp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Xtext - the encoding of the DSN parameters ENVID and ORCPT (RFC 3461 §4): printable ASCII but "+" and "="
 * as themselves, every other octet as "+" and two upper-case hex digits. Pure; shared by the server, which
 * checks what it receives, the client, which passes it on, and the DSN writer, which decodes it.
 */
public final class Xtext {
    // RFC 3461 §4: xtext = *( xchar / hexchar ); xchar is "!".."~" except "+" and "=".
    private static final Pattern XTEXT = Pattern.compile("(?:[\\x21-\\x2a\\x2c-\\x3c\\x3e-\\x7e]|\\+[0-9A-F]{2})*");
    // RFC 3461 §4.2: original-recipient-address = addr-type ";" xtext, addr-type an atom.
    private static final Pattern ADDR_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Xtext() {
    }

    /** isValid - whether {@code s} is xtext: safe in an esmtp-value, and decodable. */
    public static boolean isValid(String s) {
        return XTEXT.matcher(s).matches();
    }

    /**
     * isOriginalRecipient - whether {@code s} is an ORCPT value: {@code addr-type ";" xtext}, at most 500
     * characters (RFC 3461 §4.2).
     */
    public static boolean isOriginalRecipient(String s) {
        int semi = s.indexOf(';');
        return semi > 0 && s.length() <= 500 && ADDR_TYPE.matcher(s.substring(0, semi)).matches()
                && isValid(s.substring(semi + 1));
    }

    /** encode - {@code s} as xtext, octet by octet of its UTF-8 form (an ASCII string stays ASCII). */
    public static String encode(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (byte octet : s.getBytes(StandardCharsets.UTF_8)) {
            int c = octet & 0xff;
            if (c >= 0x21 && c <= 0x7e && c != '+' && c != '=') {
                b.append((char) c);
            } else {
                b.append('+').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return b.toString();
    }

    /**
     * decode - the text an xtext value stands for (RFC 3461 §6.3(a): a DSN shows ENVID decoded). Lenient: a
     * "+" not followed by two hex digits stays as it is, so a value that was never xtext comes out unchanged.
     */
    public static String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '+' && i + 2 < in.length && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
                out.write(hex(in[i + 1]) << 4 | hex(in[i + 2]));
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        return b >= 'A' && b <= 'F' ? b - 'A' + 10 : -1;
    }
}
