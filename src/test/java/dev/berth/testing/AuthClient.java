package dev.berth.testing;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP client that behaves like a registry client towards authentication: with a user name and password it
 * sends Basic credentials (basic mode) or answers a Bearer challenge by fetching a token for the challenged scope
 * with Basic credentials and retrying (token mode); anonymously it fetches an anonymous token; with a fixed bearer
 * token it only ever sends that.
 */
public final class AuthClient {
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Supplier<URI> base;
    private final boolean basicUpFront;

    /**
     * @param basicUpFront send Basic credentials with every request (basic mode); otherwise send nothing first and
     *                     answer the Bearer challenge, as docker, podman and containerd do in token mode
     */
    public AuthClient(URI base, boolean basicUpFront) {
        this(() -> base, basicUpFront);
    }

    /** A client for the server {@code base} gives the root of, asked at each request (before the server runs). */
    public AuthClient(Supplier<URI> base, boolean basicUpFront) {
        this.base = base;
        this.basicUpFront = basicUpFront;
    }

    /** Who the client is. */
    public sealed interface Identity {
    }

    public record Anonymous() implements Identity {
    }

    public record Password(String username, String password) implements Identity {
    }

    public record FixedBearer(String token) implements Identity {
    }

    public HttpResponse<byte[]> send(Identity identity, String method, String pathAndQuery, byte[] body,
                                     String... headers) {
        return switch (identity) {
            case FixedBearer fixed -> raw(method, pathAndQuery, body, with(headers, "Authorization",
                    "Bearer " + fixed.token()));
            case Password password -> withChallenge(identity, method, pathAndQuery, body, headers,
                    raw(method, pathAndQuery, body, basicIfAnswered(password, headers)));
            case Anonymous anonymous -> withChallenge(identity, method, pathAndQuery, body, headers,
                    raw(method, pathAndQuery, body, headers));
        };
    }

    /** GET /token with Basic credentials (or none) for these scopes. */
    public HttpResponse<byte[]> token(Identity identity, String service, List<String> scopes, String... extra) {
        StringBuilder query = new StringBuilder("/token?service=").append(encode(service));
        for (String scope : scopes) {
            query.append("&scope=").append(encode(scope));
        }
        for (int i = 0; i + 1 < extra.length; i += 2) {
            query.append('&').append(encode(extra[i])).append('=').append(encode(extra[i + 1]));
        }
        String[] headers = identity instanceof Password p
                ? new String[]{"Authorization", basic(p.username(), p.password())} : new String[0];
        return raw("GET", query.toString(), null, headers);
    }

    /** POST /token with an OAuth2 form. */
    public HttpResponse<byte[]> tokenForm(Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(encode(k)).append('=').append(encode(v)));
        return raw("POST", "/token", body.toString().getBytes(StandardCharsets.UTF_8),
                new String[]{"Content-Type", "application/x-www-form-urlencoded"});
    }

    public static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The parameters of a {@code WWW-Authenticate} challenge, with the scheme under {@code "scheme"}. */
    public static Map<String, String> challenge(HttpResponse<?> response) {
        Map<String, String> params = new LinkedHashMap<>();
        Optional<String> header = response.headers().firstValue("WWW-Authenticate");
        if (header.isEmpty()) {
            return params;
        }
        String value = header.get();
        params.put("scheme", value.substring(0, value.indexOf(' ')));
        Matcher m = PARAM.matcher(value);
        while (m.find()) {
            params.put(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return params;
    }

    public static String text(HttpResponse<byte[]> response) {
        return OciClient.text(response);
    }

    private HttpResponse<byte[]> withChallenge(Identity identity, String method, String pathAndQuery, byte[] body,
                                               String[] headers, HttpResponse<byte[]> first) {
        Map<String, String> challenge = challenge(first);
        if (first.statusCode() != 401 || !"Bearer".equals(challenge.get("scheme"))) {
            return first;
        }
        List<String> scopes = challenge.containsKey("scope")
                ? List.of(challenge.get("scope").split(" ")) : List.of();
        HttpResponse<byte[]> token = token(identity, challenge.get("service"), scopes);
        if (token.statusCode() != 200) {
            return token;
        }
        Matcher m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(text(token));
        if (!m.find()) {
            throw new AssertionError("no token in " + text(token));
        }
        return raw(method, pathAndQuery, body, with(headers, "Authorization", "Bearer " + m.group(1)));
    }

    private String[] basicIfAnswered(Password password, String[] headers) {
        return basicUpFront ? with(headers, "Authorization", basic(password.username(), password.password()))
                : headers;
    }

    public HttpResponse<byte[]> raw(String method, String pathAndQuery, byte[] body, String... headers) {
        return BlockingRequest.send(http, base.get().resolve(pathAndQuery), Duration.ofSeconds(30), method, body, headers);
    }

    private static String[] with(String[] headers, String name, String value) {
        List<String> all = new ArrayList<>(List.of(headers));
        all.add(name);
        all.add(value);
        return all.toArray(new String[0]);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
