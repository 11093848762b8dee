package dev.berth.config;

import java.util.Optional;

/**
 * The PostgreSQL metadata database, used when {@code metadata.type} is {@code postgresql}.
 *
 * @param url      the JDBC URL ({@code jdbc:postgresql://host:5432/berth}); required for {@code postgresql}
 * @param user     the database user
 * @param password the user's password, if the server asks for one
 * @param poolSize connections each node keeps for metadata transactions
 */
public record PostgresConfig(Optional<String> url, String user, Optional<Secret> password, int poolSize) {
}
