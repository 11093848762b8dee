package dev.berth.config;

/** How log events are written to standard output. */
public enum LogFormat implements ConfigChoice {
    /** One human-readable line per event, with the request id. */
    TEXT,
    /** One JSON object per line (logstash layout), for log shippers. */
    JSON
}
