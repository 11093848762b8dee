package dev.berth.cli;

import picocli.CommandLine.IVersionProvider;

import java.util.Optional;

/** The version from the jar manifest ({@code development} when running from classes, as in tests). */
final class BerthVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String berth = Optional.ofNullable(BerthVersion.class.getPackage().getImplementationVersion())
                .orElse("development");
        return new String[] {
                "berth " + berth,
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ")"
        };
    }
}
