package dev.berth.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.util.StatusPrinter2;
import dev.berth.config.LogConfig;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import java.net.URL;

/**
 * Applies the {@code log} section of the configuration to Logback. The level and format are handed to
 * {@code logback.xml} as system properties, set before Logback starts so it configures itself once. If something
 * started Logback earlier with other settings (a test, a library logging first), the configuration is re-read.
 */
final class LogSetup {
    static final String LEVEL_PROPERTY = "berth.log.level";
    static final String FORMAT_PROPERTY = "berth.log.format";
    private static final String ACTIVE_LEVEL = "berth.log.active-level";
    private static final String ACTIVE_FORMAT = "berth.log.active-format";
    private static final String CONFIGURATION_RESOURCE = "logback.xml";

    private LogSetup() {
    }

    static void apply(LogConfig log) {
        String level = log.level().configName();
        String format = log.format().configName();
        System.setProperty(LEVEL_PROPERTY, level);
        System.setProperty(FORMAT_PROPERTY, format);
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)
                || (level.equals(context.getProperty(ACTIVE_LEVEL)) && format.equals(context.getProperty(ACTIVE_FORMAT)))) {
            return;
        }
        URL configuration = LogSetup.class.getClassLoader().getResource(CONFIGURATION_RESOURCE);
        if (configuration == null) {
            return;
        }
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(configuration);
        } catch (JoranException e) {
            // Logback keeps the cause in its status list, which the next line prints.
        }
        new StatusPrinter2().printInCaseOfErrorsOrWarnings(context);
    }
}
