package dev.berth.cli;

import dev.berth.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;

/**
 * Turns a failed command into a short message on standard error instead of a stack trace: configuration errors
 * are listed one per line with exit code {@value #CONFIG_ERROR}; anything else (a port in use, an unreadable data
 * directory) prints its cause chain with exit code {@value #FAILURE}.
 */
final class StartupFailure implements IExecutionExceptionHandler {
    static final int FAILURE = 1;
    static final int CONFIG_ERROR = 2;

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        if (failure instanceof ConfigException invalid) {
            err.println("berth: invalid configuration (" + invalid.errors().size()
                    + (invalid.errors().size() == 1 ? " error" : " errors") + "):");
            invalid.errors().forEach(error -> err.println("  - " + error));
            err.flush();
            return CONFIG_ERROR;
        }
        StringBuilder message = new StringBuilder("berth: ").append(describe(failure));
        for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            message.append("\n  caused by: ").append(describe(cause));
        }
        err.println(message);
        err.flush();
        return FAILURE;
    }

    private static String describe(Throwable failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName()
                : failure.getMessage() + " (" + failure.getClass().getSimpleName() + ")";
    }
}
