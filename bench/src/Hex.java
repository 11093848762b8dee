import java.util.HexFormat;

/** Lower-case hex, the wire form of SHA-256 digests. */
final class Hex {
    private static final HexFormat HEX = HexFormat.of();

    private Hex() {
    }

    static String of(byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
