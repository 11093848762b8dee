package dev.berth.interop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Just enough of the ustar format for interop tests: list the names in an archive, write a one-file archive. */
final class TarEntries {
    private static final int BLOCK = 512;

    private TarEntries() {
    }

    /** The entry names of an uncompressed tar archive. */
    static List<String> names(Path tar) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(tar)) {
            byte[] header = in.readNBytes(BLOCK);
            while (header.length == BLOCK && header[0] != 0) {
                String prefix = field(header, 345, 155);
                String name = field(header, 0, 100);
                names.add(prefix.isEmpty() ? name : prefix + "/" + name);
                long size = Long.parseLong(field(header, 124, 12).trim(), 8);
                in.skipNBytes((size + BLOCK - 1) / BLOCK * BLOCK);
                header = in.readNBytes(BLOCK);
            }
        }
        return names;
    }

    /** An uncompressed archive holding one regular file. */
    static byte[] singleFile(String name, byte[] content) {
        byte[] header = new byte[BLOCK];
        put(header, 0, name);
        put(header, 100, "0000644");
        put(header, 108, "0000000");
        put(header, 116, "0000000");
        put(header, 124, String.format("%011o", content.length));
        put(header, 136, "00000000000");
        header[156] = '0';
        put(header, 257, "ustar");
        put(header, 263, "00");
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        long checksum = 0;
        for (byte b : header) {
            checksum += b & 0xff;
        }
        put(header, 148, String.format("%06o", checksum));
        header[154] = 0;
        header[155] = ' ';
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header);
        out.writeBytes(content);
        out.writeBytes(new byte[(BLOCK - content.length % BLOCK) % BLOCK]);
        out.writeBytes(new byte[2 * BLOCK]);
        return out.toByteArray();
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }

    private static void put(byte[] header, int offset, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
