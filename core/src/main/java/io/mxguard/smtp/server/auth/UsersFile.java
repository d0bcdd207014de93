package io.mxguard.smtp.server.auth;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * UsersFile - who may AUTH to the SMTP server: one {@code USER:HASH} per line, {@code #} starts a
 * comment line, blank lines are ignored; HASH is a {@link PasswordHash} ({@code pbkdf2-sha256$…}).
 *
 * <p>Immutable and thread safe once loaded. A line that does not parse, a duplicate user or an unknown
 * hash scheme is a {@link UsersFileException} naming the file and line; nothing is half-loaded.
 * {@link #setPassword} rewrites a file atomically (temporary file, fsync, rename) with mode 0600.
 */
public final class UsersFile {
    static final int MAX_USER_LENGTH = 255;
    // Compared against for unknown users, so a wrong name costs as long as a wrong password.
    private static final PasswordHash DECOY = PasswordHash.create("decoy".toCharArray());

    private final String source;
    private final Map<String, PasswordHash> users;

    private UsersFile(String source, Map<String, PasswordHash> users) {
        this.source = source;
        this.users = Map.copyOf(users);
    }

    /** load - read and check {@code file}; IOException when it cannot be read. */
    public static UsersFile load(Path file) throws IOException, UsersFileException {
        return parse(file.toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /** parse - {@code lines} as read from {@code source} (the name used in error messages). */
    public static UsersFile parse(String source, List<String> lines) throws UsersFileException {
        Map<String, PasswordHash> users = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + ":" + (i + 1) + ": ";
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new UsersFileException(where + "want USER:HASH, found no ':'");
            }
            String user = line.substring(0, colon);
            try {
                checkUserName(user);
                if (users.put(user, PasswordHash.parse(line.substring(colon + 1))) != null) {
                    throw new IllegalArgumentException("user '" + user + "' appears twice");
                }
            } catch (IllegalArgumentException e) {
                throw new UsersFileException(where + e.getMessage());
            }
        }
        return new UsersFile(source, users);
    }

    /** verify - whether {@code user} exists and {@code password} is theirs; as slow for unknown users. */
    public boolean verify(String user, char[] password) {
        PasswordHash hash = users.get(user);
        boolean match = (hash == null ? DECOY : hash).matches(password);
        return hash != null && match;
    }

    public Set<String> users() {
        return users.keySet();
    }

    public String source() {
        return source;
    }

    /** checkUserName - 1 to 255 characters, none of them ':', '#' first, white space or control. */
    public static void checkUserName(String user) {
        if (user.isEmpty() || user.length() > MAX_USER_LENGTH) {
            throw new IllegalArgumentException("user name must have 1-" + MAX_USER_LENGTH + " characters");
        }
        if (user.startsWith("#") || user.codePoints().anyMatch(c -> c == ':' || Character.isWhitespace(c)
                || Character.isISOControl(c) || Character.isSpaceChar(c))) {
            throw new IllegalArgumentException("user name '" + printableName(user)
                    + "' may not contain ':', white space or control characters, nor start with '#'");
        }
    }

    /** withUser - {@code lines} with {@code user}'s line replaced (in place) or appended; comments kept. */
    public static List<String> withUser(String source, List<String> lines, String user, PasswordHash hash)
            throws UsersFileException {
        checkUserName(user);
        parse(source, lines); // never rewrite a file we would refuse to load
        List<String> out = new ArrayList<>();
        boolean replaced = false;
        for (String line : lines) {
            if (line.strip().startsWith(user + ":")) {
                out.add(user + ":" + hash.encoded());
                replaced = true;
            } else {
                out.add(line);
            }
        }
        if (!replaced) {
            out.add(user + ":" + hash.encoded());
        }
        return out;
    }

    /** setPassword - add or replace {@code user} in {@code file} (created if missing), atomically, mode 0600. */
    public static void setPassword(Path file, String user, PasswordHash hash) throws IOException, UsersFileException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            lines = List.of();
        }
        byte[] text = (String.join("\n", withUser(file.toString(), lines, user, hash)) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        Path dir = file.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(text));
                ch.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException(dir + ": cannot rename atomically here", e);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** printableName - a name as sent by a client, safe for a log line: at most 64 characters, no controls. */
    public static String printableName(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(64).forEach(c -> {
            if (Character.isISOControl(c) || Character.isWhitespace(c)) {
                b.append(String.format("\\x%02x", c & 0xff));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
