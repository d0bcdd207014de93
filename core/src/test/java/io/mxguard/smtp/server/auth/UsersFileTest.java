package io.mxguard.smtp.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The users file: hashing, verifying, and every bad line named by file and line. */
class UsersFileTest {
    // Fast enough for tests; the bound is MIN_ITERATIONS.
    private static final PasswordHash BOB = PasswordHash.create("secret".toCharArray(), PasswordHash.MIN_ITERATIONS);

    @Test
    void hash_roundTripsThroughItsEncoding_andOnlyTheRightPasswordMatches() {
        PasswordHash parsed = PasswordHash.parse(BOB.encoded());
        assertThat(BOB.encoded()).matches("pbkdf2-sha256\\$10000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(parsed.matches("secret".toCharArray())).isTrue();
        assertThat(parsed.matches("Secret".toCharArray())).isFalse();
        assertThat(parsed.matches(new char[0])).isFalse();
        assertThat(parsed.toString()).doesNotContain(BOB.encoded().substring(25));
    }

    @Test
    void samePassword_differentSalt_differentEncoding() {
        assertThat(PasswordHash.create("x".toCharArray(), 10_000).encoded())
                .isNotEqualTo(PasswordHash.create("x".toCharArray(), 10_000).encoded());
        assertThat(PasswordHash.create("x".toCharArray()).iterations()).isEqualTo(210_000);
    }

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "bob   | secret  | true",
        "bob   | secret2 | false",
        "bob   | ''      | false",
        "alice | secret  | false",
        "Bob   | secret  | false",
        "carol | hunter2 | true",
    })
    void verify_table(String user, String password, boolean expected) throws Exception {
        UsersFile f = UsersFile.parse("users", List.of("# staff", "", "bob:" + BOB.encoded(),
                "  carol:" + PasswordHash.create("hunter2".toCharArray(), 10_000).encoded() + "  "));
        assertThat(f.verify(user, password.toCharArray())).isEqualTo(expected);
        assertThat(f.users()).containsExactlyInAnyOrder("bob", "carol");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "bob                                       | users:3: want USER:HASH, found no ':'",
        ":HASH                                     | users:3: user name must have 1-255 characters",
        "bo b:HASH                                 | users:3: user name 'bo\\x20b' may not contain",
        "bob:md5$abc                               | users:3: unknown password scheme 'md5'",
        "bob:{SSHA}abc                             | users:3: unknown password scheme '{SSHA}abc'",
        "bob:pbkdf2-sha256$10000$AAAAAAAAAAAAAAAAAAAAAA | users:3: want pbkdf2-sha256$ITERATIONS$SALT$HASH",
        "bob:pbkdf2-sha256$ten$AAAAAAAAAAAAAAAAAAAAAA$x | users:3: iterations 'ten' is not a number",
        "bob:pbkdf2-sha256$1$AAAAAAAAAAAAAAAAAAAAAA$x   | users:3: iterations 1 outside 10000-10000000",
        "bob:pbkdf2-sha256$10000$!!!$AAAA               | users:3: salt is not base64",
        "bob:pbkdf2-sha256$10000$AAAAAAAAAAAAAAAAAAAAAA$AAAA | users:3: hash has 3 bytes",
        "carol:HASH                                | users:3: user 'carol' appears twice",
    })
    void badLine_refused_namingFileAndLine(String line, String expected) {
        String text = line.replace("HASH", BOB.encoded());
        assertThatThrownBy(() -> UsersFile.parse("users", List.of("# comment",
                "carol:" + BOB.encoded(), text)))
                .isInstanceOf(UsersFileException.class).hasMessageStartingWith(expected);
    }

    @Test
    void setPassword_addsThenReplaces_keepsComments_mode0600(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("users");
        UsersFile.setPassword(file, "bob", BOB);
        Files.writeString(file, "# relay users\n" + Files.readString(file), StandardCharsets.UTF_8);
        UsersFile.setPassword(file, "carol", PasswordHash.create("c".toCharArray(), 10_000));
        UsersFile.setPassword(file, "bob", PasswordHash.create("new".toCharArray(), 10_000));

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("# relay users");
        assertThat(lines.get(1)).startsWith("bob:pbkdf2-sha256$");
        assertThat(lines.get(2)).startsWith("carol:pbkdf2-sha256$");
        UsersFile loaded = UsersFile.load(file);
        assertThat(loaded.verify("bob", "new".toCharArray())).isTrue();
        assertThat(loaded.verify("bob", "secret".toCharArray())).isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(dir.toFile().list()).containsExactly("users");
    }

    @Test
    void setPassword_onABadFile_refused_fileUntouched(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("users");
        Files.writeString(file, "bob:plaintext\n");
        assertThatThrownBy(() -> UsersFile.setPassword(file, "carol", BOB))
                .isInstanceOf(UsersFileException.class).hasMessageStartingWith(file + ":1: unknown password scheme");
        assertThat(Files.readString(file)).isEqualTo("bob:plaintext\n");
    }
}
