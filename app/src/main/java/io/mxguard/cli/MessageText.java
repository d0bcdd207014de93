package io.mxguard.cli;

import java.io.ByteArrayOutputStream;

/** MessageText - a message file made ready for SMTP: CRLF line ends, no bare CR, a final CRLF. */
final class MessageText {
    private MessageText() {
    }

    /**
     * crlf - LF line ends become CRLF (files written on Unix), a final CRLF is added; a bare CR is
     * refused (it is how SMTP smuggling hides a second message, CVE-2023-51764), as is an empty message.
     */
    static byte[] crlf(byte[] in, String what) {
        if (in.length == 0) {
            throw new UserError(ExitCode.DATA_ERROR, what + ": empty message");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + in.length / 40 + 2);
        int line = 1;
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '\r') {
                if (i + 1 >= in.length || in[i + 1] != '\n') {
                    throw new UserError(ExitCode.DATA_ERROR, what + ": line " + line + ": bare CR (carriage return "
                            + "not followed by line feed) is not allowed in a message");
                }
                continue; // the CRLF is written at the LF
            }
            if (b == '\n') {
                out.write('\r');
                line++;
            }
            out.write(b);
        }
        byte[] bytes = out.toByteArray();
        if (bytes.length < 2 || bytes[bytes.length - 2] != '\r' || bytes[bytes.length - 1] != '\n') {
            out.write('\r');
            out.write('\n');
            bytes = out.toByteArray();
        }
        return bytes;
    }
}
