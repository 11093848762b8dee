package dev.berth.auth.token;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.berth.domain.RegistryException;
import dev.berth.http.tls.Pem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An external token service whose tokens Berth accepts besides its own (distribution's {@code issuer} +
 * {@code jwks} / {@code rootcertbundle}): its {@code iss} and its public keys, from a JWKS file or a PEM file of
 * public keys and certificates. Keys with a {@code kid} are matched by it; PEM keys have none and are tried in turn.
 * When a token names an unknown {@code kid} and the file has changed, it is read again, so the issuer's key
 * rotation only needs the file replaced.
 */
public final class TrustedIssuer {
    private static final Logger LOG = LoggerFactory.getLogger(TrustedIssuer.class);

    private final String issuer;
    private final Path file;
    private List<JWK> keys;
    private FileTime readAt;

    private TrustedIssuer(String issuer, Path file, List<JWK> keys, FileTime readAt) {
        this.issuer = issuer;
        this.file = file;
        this.keys = keys;
        this.readAt = readAt;
    }

    /** Reads the key file; an unreadable or empty one fails the start. */
    public static TrustedIssuer load(String issuer, Path file) {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            List<JWK> keys = parse(Files.readString(file, StandardCharsets.UTF_8));
            if (keys.isEmpty()) {
                throw RegistryException.internal("no usable RSA or EC public key in " + file, null);
            }
            LOG.info("trusting tokens of issuer '{}' signed by {} key(s) from {}", issuer, keys.size(), file);
            return new TrustedIssuer(issuer, file, keys, modified);
        } catch (IOException e) {
            throw RegistryException.internal("cannot read the trusted issuer keys " + file, e);
        } catch (IllegalArgumentException e) {
            throw RegistryException.internal("invalid trusted issuer keys in " + file + ": " + e.getMessage(), null);
        }
    }

    public String issuer() {
        return issuer;
    }

    /** The keys that may have signed a token with this {@code kid} (every key without a kid, too). */
    public synchronized List<JWK> candidates(Optional<String> kid) {
        List<JWK> matching = select(kid);
        if (matching.isEmpty()) {
            reloadIfChanged();
            matching = select(kid);
        }
        return matching;
    }

    private List<JWK> select(Optional<String> kid) {
        if (kid.isPresent()) {
            List<JWK> byId = keys.stream().filter(k -> kid.get().equals(k.getKeyID())).toList();
            if (!byId.isEmpty()) {
                return byId;
            }
        }
        return keys.stream().filter(k -> k.getKeyID() == null || kid.isEmpty()).toList();
    }

    private void reloadIfChanged() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (modified.equals(readAt)) {
                return;
            }
            List<JWK> reloaded = parse(Files.readString(file, StandardCharsets.UTF_8));
            readAt = modified;
            if (!reloaded.isEmpty()) {
                keys = reloaded;
                LOG.info("reloaded {} key(s) of trusted issuer '{}' from {}", reloaded.size(), issuer, file);
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("cannot reload the trusted issuer keys {}: {}", file, e.getMessage());
        }
    }

    static List<JWK> parse(String text) {
        if (text.strip().startsWith("{")) {
            try {
                List<JWK> keys = new ArrayList<>();
                for (JWK key : JWKSet.parse(text).getKeys()) {
                    if (key instanceof RSAKey || key instanceof ECKey) {
                        keys.add(key.toPublicJWK());
                    }
                }
                return keys;
            } catch (ParseException e) {
                throw new IllegalArgumentException("not a JWKS document: " + e.getMessage());
            }
        }
        List<JWK> keys = new ArrayList<>();
        for (PublicKey key : Pem.publicKeys(text)) {
            if (key instanceof RSAPublicKey rsa) {
                keys.add(new RSAKey.Builder(rsa).build());
            } else if (key instanceof ECPublicKey ec) {
                keys.add(new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build());
            }
        }
        return keys;
    }
}
