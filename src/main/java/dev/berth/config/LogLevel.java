package dev.berth.config;

/** The least severe log level that is written. */
public enum LogLevel implements ConfigChoice {
    TRACE,
    DEBUG,
    INFO,
    WARN,
    ERROR
}
