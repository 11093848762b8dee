package dev.berth.config;

/** How clients authenticate. */
public enum AuthMode implements ConfigChoice {
    /** No authentication: every caller may do everything (the zero-config default on loopback). */
    NONE,
    /** HTTP Basic on every request: users, robots and personal access tokens from the database, plus an htpasswd file. */
    BASIC,
    /** Docker token auth: clients fetch short-lived bearer tokens from the built-in token service ({@code /token}). */
    TOKEN
}
