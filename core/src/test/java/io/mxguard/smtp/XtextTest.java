package io.mxguard.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class XtextTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // plain text                   | xtext (RFC 3461 §4)
            "QQ314159                       | QQ314159",
            "Bob+tag@Example.COM            | Bob+2Btag@Example.COM",
            "a=b                            | a+3Db",
            "'two words'                    | two+20words",
            "'tab\there'                    | tab+09here",
            "caf\u00e9                      | caf+C3+A9",
    })
    void encode_thenDecode_roundTrips(String plain, String xtext) {
        assertThat(Xtext.encode(plain)).isEqualTo(xtext);
        assertThat(Xtext.isValid(xtext)).isTrue();
        assertThat(Xtext.decode(xtext)).isEqualTo(plain);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "'two words'  | false",   // SP ends an esmtp-value
            "a=b          | false",   // "=" must be encoded
            "a+2b         | false",   // hex digits are upper case
            "a+2          | false",
            "a+           | false",
            "a\u0001b       | false",
            "''           | true",
            "a+2B+3D      | true",
            "!~*          | true",
    })
    void isValid_onlyWhatRfc3461Allows(String value, boolean valid) {
        assertThat(Xtext.isValid(value)).isEqualTo(valid);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "rfc822;bob@destination.com | true",
            "RFC822;Bob+2B@x            | true",
            "utf-8;bob@x                | true",
            ";bob@x                     | false",
            "rfc822                     | false",
            "rfc 822;bob@x              | false",
            "rfc822;bob x               | false",
    })
    void isOriginalRecipient_addrTypeSemicolonXtext(String value, boolean valid) {
        assertThat(Xtext.isOriginalRecipient(value)).isEqualTo(valid);
    }

    @org.junit.jupiter.api.Test
    void isOriginalRecipient_atMost500Characters() {
        String prefix = "rfc822;";
        assertThat(Xtext.isOriginalRecipient(prefix + "a".repeat(500 - prefix.length()))).isTrue();
        assertThat(Xtext.isOriginalRecipient(prefix + "a".repeat(501 - prefix.length()))).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "env 1   | env 1",   // never xtext: unchanged
            "a+zz    | a+zz",
            "a+2     | a+2",
            "a+2b    | a+2b",
    })
    void decode_leavesWhatIsNotAHexcharAlone(String value, String decoded) {
        assertThat(Xtext.decode(value)).isEqualTo(decoded);
    }
}
