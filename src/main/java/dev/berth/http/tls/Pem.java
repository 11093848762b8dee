package dev.berth.http.tls;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM text (RFC 7468) to JDK keys and certificates, without a crypto library: certificates, public keys
 * (SubjectPublicKeyInfo) and unencrypted private keys in PKCS#8, PKCS#1 (RSA) and SEC1 (EC) form, which covers what
 * openssl, certbot, mkcert and cert-manager write. Errors are {@link IllegalArgumentException}s whose message names
 * the problem but never contains key material.
 */
public final class Pem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448");
    private static final byte[] RSA_ENCRYPTION_OID = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7,
            0x0d, 0x01, 0x01, 0x01};
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final byte[] DER_NULL = {0x05, 0x00};
    private static final byte[] VERSION_ZERO = {0x02, 0x01, 0x00};

    /** One {@code -----BEGIN type-----} … {@code -----END type-----} block, decoded. */
    public record Block(String type, byte[] der) {
    }

    private Pem() {
    }

    public static List<Block> blocks(String text) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a " + m.group(1) + " block is not valid base64");
            }
        }
        return blocks;
    }

    /** Every certificate in the text, in order (a chain: leaf first). */
    public static List<X509Certificate> certificates(String text) {
        List<X509Certificate> chain = new ArrayList<>();
        for (Block block : blocks(text)) {
            if (block.type().equals("CERTIFICATE")) {
                chain.add(certificate(block.der()));
            }
        }
        return chain;
    }

    /** The one private key in the text. */
    public static PrivateKey privateKey(String text) {
        List<Block> keys = blocks(text).stream().filter(b -> b.type().endsWith("PRIVATE KEY")).toList();
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no PEM private key found (expected BEGIN PRIVATE KEY, "
                    + "BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY)");
        }
        if (keys.size() > 1) {
            throw new IllegalArgumentException("more than one private key found");
        }
        Block key = keys.getFirst();
        return switch (key.type()) {
            case "PRIVATE KEY" -> pkcs8(key.der());
            case "RSA PRIVATE KEY" -> pkcs8(der(0x30, VERSION_ZERO, der(0x30, RSA_ENCRYPTION_OID, DER_NULL),
                    der(0x04, key.der())));
            case "EC PRIVATE KEY" -> pkcs8(der(0x30, VERSION_ZERO, der(0x30, EC_PUBLIC_KEY_OID, sec1Curve(key.der())),
                    der(0x04, key.der())));
            case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException(
                    "the private key is encrypted; decrypt it first (openssl pkcs8 -in key.pem -out plain.pem)");
            default -> throw new IllegalArgumentException("unsupported private key type " + key.type());
        };
    }

    /** Public keys: {@code PUBLIC KEY} blocks and the keys of {@code CERTIFICATE} blocks. */
    public static List<PublicKey> publicKeys(String text) {
        List<PublicKey> keys = new ArrayList<>();
        for (Block block : blocks(text)) {
            switch (block.type()) {
                case "PUBLIC KEY" -> keys.add(publicKey(block.der()));
                case "CERTIFICATE" -> keys.add(certificate(block.der()).getPublicKey());
                default -> {
                    // Private keys and other blocks are not verification keys.
                }
            }
        }
        return keys;
    }

    /** PEM text of one DER block, 64 characters a line. */
    public static String encode(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static X509Certificate certificate(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("a CERTIFICATE block is not a valid X.509 certificate");
        }
    }

    private static PrivateKey pkcs8(byte[] der) {
        for (String algorithm : KEY_ALGORITHMS) {
            Optional<PrivateKey> key = tryKey(() -> KeyFactory.getInstance(algorithm)
                    .generatePrivate(new PKCS8EncodedKeySpec(der)));
            if (key.isPresent()) {
                return key.get();
            }
        }
        throw new IllegalArgumentException("the private key is not an RSA, EC or EdDSA key in a form Java reads");
    }

    private static PublicKey publicKey(byte[] der) {
        for (String algorithm : KEY_ALGORITHMS) {
            Optional<PublicKey> key = tryKey(() -> KeyFactory.getInstance(algorithm)
                    .generatePublic(new X509EncodedKeySpec(der)));
            if (key.isPresent()) {
                return key.get();
            }
        }
        throw new IllegalArgumentException("a PUBLIC KEY block is not an RSA, EC or EdDSA key");
    }

    private interface KeyParse<T> {
        T parse() throws GeneralSecurityException;
    }

    private static <T> Optional<T> tryKey(KeyParse<T> parse) {
        try {
            return Optional.of(parse.parse());
        } catch (GeneralSecurityException | RuntimeException e) {
            // Not this algorithm (or not available in this JDK): the caller tries the next one.
            return Optional.empty();
        }
    }

    /**
     * The public key an EC private key in PKCS#8 form carries along (the optional {@code [1] publicKey} of the
     * SEC1 structure inside, which openssl writes), so a key file needs no separate public key. Empty for other
     * keys or when it is absent.
     */
    public static Optional<PublicKey> embeddedPublicKey(PrivateKey key) {
        if (!key.getAlgorithm().equals("EC") || key.getEncoded() == null) {
            return Optional.empty();
        }
        try {
            byte[] pkcs8 = key.getEncoded();
            List<Der> top = children(pkcs8, new Der(pkcs8, 0));
            List<Der> algorithm = children(pkcs8, top.get(1));
            byte[] sec1 = top.get(2).content(pkcs8);
            Optional<byte[]> point = sec1Element(sec1, 0xa1);
            if (point.isEmpty() || algorithm.size() < 2) {
                return Optional.empty();
            }
            byte[] spki = der(0x30, der(0x30, EC_PUBLIC_KEY_OID, algorithm.get(1).whole(pkcs8)), point.get());
            return tryKey(() -> KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki)));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    /** The named-curve OID (a complete TLV) in the {@code [0] parameters} of a SEC1 ECPrivateKey. */
    private static byte[] sec1Curve(byte[] sec1) {
        return sec1Element(sec1, 0xa0).orElseThrow(() -> new IllegalArgumentException(
                "the EC private key does not name its curve"));
    }

    /** The complete TLV inside the explicitly tagged element {@code tag} of a SEC1 ECPrivateKey. */
    private static Optional<byte[]> sec1Element(byte[] sec1, int tag) {
        Der outer = new Der(sec1, 0);
        if (outer.tag != 0x30) {
            throw new IllegalArgumentException("the EC private key is not a DER sequence");
        }
        for (Der element : children(sec1, outer)) {
            if (element.tag == tag) {
                return Optional.of(new Der(sec1, element.contentStart).whole(sec1));
            }
        }
        return Optional.empty();
    }

    private static List<Der> children(byte[] bytes, Der parent) {
        List<Der> children = new ArrayList<>();
        for (int position = parent.contentStart; position < parent.end; ) {
            Der child = new Der(bytes, position);
            children.add(child);
            position = child.end;
        }
        return children;
    }

    /** A DER encoding of {@code tag} around the concatenated {@code parts}. */
    private static byte[] der(int tag, byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] header = length < 0x80 ? new byte[]{(byte) tag, (byte) length}
                : length < 0x100 ? new byte[]{(byte) tag, (byte) 0x81, (byte) length}
                : length < 0x10000 ? new byte[]{(byte) tag, (byte) 0x82, (byte) (length >> 8), (byte) length}
                : new byte[]{(byte) tag, (byte) 0x83, (byte) (length >> 16), (byte) (length >> 8), (byte) length};
        byte[] out = new byte[header.length + length];
        System.arraycopy(header, 0, out, 0, header.length);
        int at = header.length;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /** One tag-length-value header read at {@code offset}. */
    private static final class Der {
        final int tag;
        final int start;
        final int contentStart;
        final int end;

        byte[] whole(byte[] bytes) {
            return java.util.Arrays.copyOfRange(bytes, start, end);
        }

        byte[] content(byte[] bytes) {
            return java.util.Arrays.copyOfRange(bytes, contentStart, end);
        }

        Der(byte[] bytes, int offset) {
            if (offset + 2 > bytes.length) {
                throw new IllegalArgumentException("truncated DER structure");
            }
            start = offset;
            tag = bytes[offset] & 0xff;
            int first = bytes[offset + 1] & 0xff;
            int length;
            int start;
            if (first < 0x80) {
                length = first;
                start = offset + 2;
            } else {
                int count = first & 0x7f;
                if (count == 0 || count > 3 || offset + 2 + count > bytes.length) {
                    throw new IllegalArgumentException("unsupported DER length");
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    length = (length << 8) | (bytes[offset + 2 + i] & 0xff);
                }
                start = offset + 2 + count;
            }
            if (start + length > bytes.length) {
                throw new IllegalArgumentException("truncated DER structure");
            }
            contentStart = start;
            end = start + length;
        }
    }
}
