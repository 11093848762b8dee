package dev.berth.cli;

import java.io.InputStream;
import java.util.Map;

/**
 * What the identity and permission commands read from their process: the environment ({@code BERTH_*} variables
 * locate the database as for {@code serve}), standard input (for {@code --password-stdin}) and the operating-system
 * user running them (named in the audit log as {@code cli:<user>}).
 */
record AccessCommandContext(Map<String, String> environment, InputStream stdin, String osUser) {
}
