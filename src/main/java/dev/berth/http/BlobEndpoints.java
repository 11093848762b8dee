package dev.berth.http;

import dev.berth.domain.Digest;
import dev.berth.domain.RepositoryName;
import dev.berth.registry.BlobInfo;
import dev.berth.registry.BlobRead;
import dev.berth.registry.Blobs;
import dev.berth.registry.ByteSpan;
import dev.berth.registry.RangeRequest;
import dev.berth.storage.BlobContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** GET/HEAD/DELETE {@code /v2/<name>/blobs/<digest>} (spec end-2, end-10), with single {@code Range}s. */
final class BlobEndpoints {
    private static final Pattern RANGE = Pattern.compile("^bytes=(\\d*)-(\\d*)$");
    private static final int READ_BUFFER = 256 * 1024;
    private final Blobs blobs;
    private final ByteBufferPool.Sized buffers;

    BlobEndpoints(Blobs blobs, ByteBufferPool pool) {
        this.blobs = blobs;
        this.buffers = new ByteBufferPool.Sized(pool, true, READ_BUFFER);
    }

    void handle(Exchange ex) {
        RepositoryName repository = ex.route().repository();
        Digest digest = Digest.parse(ex.route().argument());
        switch (ex.method()) {
            case "HEAD" -> head(ex, repository, digest);
            case "GET" -> get(ex, repository, digest);
            default -> {
                blobs.delete(repository, digest);
                ex.send(202);
            }
        }
    }

    private void head(Exchange ex, RepositoryName repository, Digest digest) {
        BlobInfo blob = blobs.stat(repository, digest);
        commonHeaders(ex, blob);
        ex.sendHeadersOnly(200, "application/octet-stream", blob.size());
    }

    private void get(Exchange ex, RepositoryName repository, Digest digest) {
        if (ex.headerTokens("If-None-Match").contains(digest.toString())) {
            BlobInfo blob = blobs.stat(repository, digest);
            commonHeaders(ex, blob);
            ex.send(304);
            return;
        }
        Optional<RangeRequest> range = ex.header("Range").flatMap(BlobEndpoints::parseRange);
        if (range.isEmpty()) {
            // Spec main: redirects are allowed on any request; ranged reads are served here (as zot does).
            Optional<java.net.URI> direct = blobs.redirect(repository, digest);
            if (direct.isPresent()) {
                ex.header("Docker-Content-Digest", digest.toString());
                ex.header("Location", direct.get().toString());
                ex.send(307);
                return;
            }
        }
        try (BlobRead read = blobs.open(repository, digest, range)) {
            commonHeaders(ex, read.blob());
            var response = ex.response();
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, read.content().length());
            if (read.span().isPresent()) {
                ByteSpan span = read.span().get();
                response.setStatus(206);
                response.getHeaders().put(HttpHeader.CONTENT_RANGE,
                        "bytes " + span.first() + "-" + span.last() + "/" + read.blob().size());
            } else {
                response.setStatus(200);
            }
            try {
                if (read.content() instanceof BlobContent.LocalFile file
                        && MappedFileSender.suits(ex.request(), file.length())) {
                    MappedFileSender.send(response, file.path(), file.offset(), file.length());
                } else {
                    copy(read.content(), response);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Streams the content through pooled buffers: read(2) into a buffer, then write it to the connection. */
    private void copy(BlobContent content, Response response) throws IOException {
        Content.Source source = switch (content) {
            case BlobContent.LocalFile file -> Content.Source.from(buffers, file.path(), file.offset(), file.length());
            case BlobContent.Stream stream -> Content.Source.from(buffers, stream.stream(), 0, stream.length());
        };
        try (Blocker.Callback done = Blocker.callback()) {
            Content.copy(source, response, done);
            done.block();
        }
    }

    private static void commonHeaders(Exchange ex, BlobInfo blob) {
        ex.header("Docker-Content-Digest", blob.digest().toString());
        ex.header("ETag", "\"" + blob.digest() + "\"");
        ex.header("Accept-Ranges", "bytes");
    }

    /** A single {@code bytes=} range; anything else is ignored and the whole blob is sent (RFC 9110 §14.2). */
    static Optional<RangeRequest> parseRange(String header) {
        Matcher m = RANGE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        try {
            OptionalLong first = m.group(1).isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(m.group(1)));
            OptionalLong last = m.group(2).isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(m.group(2)));
            if (first.isPresent() && last.isPresent() && last.getAsLong() < first.getAsLong()) {
                return Optional.empty();
            }
            return Optional.of(new RangeRequest(first, last));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
