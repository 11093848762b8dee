package dev.berth.cli;

import dev.berth.auth.Secret;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a new password: from standard input with {@code --password-stdin} (everything up to the end, one trailing
 * line break removed, as {@code docker login --password-stdin} does), or typed twice at the terminal without echo.
 * Never from a command-line argument, which other users could read in the process list.
 */
final class PasswordInput {
    /** More than any password bcrypt can use; stops an endless pipe. */
    private static final int MAX_BYTES = 4096;

    private PasswordInput() {
    }

    static Secret read(CommandLine command, boolean fromStdin, InputStream stdin) {
        return fromStdin ? fromStream(command, stdin) : fromTerminal(command);
    }

    private static Secret fromStream(CommandLine command, InputStream stdin) {
        try {
            byte[] bytes = stdin.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new ParameterException(command, "the password on standard input is too long");
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (text.endsWith("\n")) {
                text = text.substring(0, text.length() - 1);
            }
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            return new Secret(text);
        } catch (IOException e) {
            throw new ParameterException(command, "cannot read the password from standard input: " + e.getMessage());
        }
    }

    private static Secret fromTerminal(CommandLine command) {
        Console console = System.console();
        if (console == null) {
            throw new ParameterException(command, "no terminal to type the password: use --password-stdin");
        }
        char[] first = console.readPassword("Password: ");
        char[] second = console.readPassword("Password again: ");
        try {
            if (first == null || second == null || !Arrays.equals(first, second)) {
                throw new ParameterException(command, "the passwords differ");
            }
            return new Secret(new String(first));
        } finally {
            if (first != null) {
                Arrays.fill(first, '\0');
            }
            if (second != null) {
                Arrays.fill(second, '\0');
            }
        }
    }
}
