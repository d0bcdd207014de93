package io.mxguard.cli;

import io.mxguard.smtp.server.auth.PasswordHash;
import io.mxguard.smtp.server.auth.UsersFile;
import io.mxguard.smtp.server.auth.UsersFileException;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * PasswdCommand - add a relay user or change their password in a users file (relay's clients.users),
 * like htpasswd: the file is rewritten atomically with mode 0600, other lines untouched.
 */
@Command(name = "passwd", mixinStandardHelpOptions = true,
        description = {"Add USER to the relay's users file, or change their password (AUTH over TLS; clients.users).",
                "The password is asked twice on the terminal, or read as one line from standard input with --stdin.",
                "The file is created if missing and rewritten atomically with mode 0600; a line reads",
                "USER:pbkdf2-sha256$ITERATIONS$SALT$HASH.",
                "Exit 0 done, 64 bad usage (or no terminal without --stdin), 65 bad users file or password,",
                "66 users file cannot be read or written."},
        footer = {"", "Examples:",
                "  mxguard passwd --users-file /etc/mxguard/users bob",
                "  printf '%s\\n' \"$PW\" | mxguard passwd --users-file /etc/mxguard/users --stdin app1"})
final class PasswdCommand implements Callable<Integer> {
    /** A password line longer than this is refused: AUTH lines are bounded, so it could never be used. */
    static final int MAX_PASSWORD = 512;

    @Spec
    CommandSpec spec;

    @Option(names = "--users-file", paramLabel = "FILE", required = true, description = "The users file to change.")
    Path usersFile;

    @Option(names = "--stdin", description = "Read the password as one line from standard input (for scripts).")
    boolean stdin;

    @Parameters(paramLabel = "USER", description = "The user name (no ':', white space or control characters).")
    String user;

    private final InputStream input;

    PasswdCommand() {
        this(System.in);
    }

    PasswdCommand(InputStream input) {
        this.input = input;
    }

    @Override
    public Integer call() {
        try {
            UsersFile.checkUserName(user);
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCode.USAGE, e.getMessage());
        }
        char[] password = stdin ? fromStdin() : fromConsole();
        try {
            if (password.length == 0) {
                throw new UserError(ExitCode.DATA_ERROR, "the password is empty");
            }
            UsersFile.setPassword(usersFile, user, PasswordHash.create(password));
        } catch (UsersFileException e) {
            throw new UserError(ExitCode.DATA_ERROR, e.getMessage());
        } catch (AccessDeniedException e) {
            throw new UserError(ExitCode.NO_INPUT, e.getFile() + ": permission denied");
        } catch (IOException e) {
            throw new UserError(ExitCode.NO_INPUT, usersFile + ": " + e.getMessage());
        } finally {
            Arrays.fill(password, '\0');
        }
        spec.commandLine().getOut().println(usersFile + ": password set for " + user);
        return ExitCode.OK;
    }

    private char[] fromStdin() {
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
            char[] buf = new char[MAX_PASSWORD + 1];
            int n = 0;
            for (int c = r.read(); c >= 0 && c != '\n' && n < buf.length; c = r.read()) {
                buf[n++] = (char) c;
            }
            if (n > MAX_PASSWORD) {
                throw new UserError(ExitCode.DATA_ERROR, "the password is longer than " + MAX_PASSWORD + " characters");
            }
            if (n > 0 && buf[n - 1] == '\r') {
                n--;
            }
            char[] password = Arrays.copyOf(buf, n);
            Arrays.fill(buf, '\0');
            return password;
        } catch (IOException e) {
            throw new UserError(ExitCode.NO_INPUT, "standard input: " + e.getMessage());
        }
    }

    private static char[] fromConsole() {
        Console console = System.console();
        if (console == null) {
            throw new UserError(ExitCode.USAGE, "no terminal to ask the password on; give --stdin to read it from standard input");
        }
        char[] first = console.readPassword("New password: ");
        char[] second = console.readPassword("Again: ");
        if (first == null || second == null) {
            throw new UserError(ExitCode.USAGE, "no password given");
        }
        boolean same = Arrays.equals(first, second);
        Arrays.fill(second, '\0');
        if (!same) {
            Arrays.fill(first, '\0');
            throw new UserError(ExitCode.DATA_ERROR, "the passwords do not match; nothing changed");
        }
        return first;
    }
}
