package dev.berth.auth.token;

import dev.berth.auth.Authenticator;
import dev.berth.auth.Permissions;
import dev.berth.auth.PresentedCredentials;
import dev.berth.auth.Principal;
import dev.berth.auth.Refusals;
import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import dev.berth.domain.Scope;
import dev.berth.http.TokenRequest;
import dev.berth.http.TokenResponse;
import dev.berth.http.TokenService;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in token service. Authenticates the caller — Basic credentials on a GET, a password or refresh-token
 * grant on a POST, or nobody — and signs a token whose {@code access} is, for each requested scope, the requested
 * actions the caller may perform (the intersection; fewer than asked, or none, is not an error, as the token spec
 * says). Anonymous callers get what is public. Bad credentials are {@code 401}.
 */
public final class BuiltinTokenService implements TokenService {
    private static final String DEFAULT_CLIENT = "unknown client";

    private final Authenticator authenticator;
    private final Permissions permissions;
    private final TokenMinter minter;
    private final RefreshTokens refreshTokens;
    private final String service;
    private final String basicChallenge;

    public BuiltinTokenService(Authenticator authenticator, Permissions permissions, TokenMinter minter,
                               RefreshTokens refreshTokens, String service) {
        this.authenticator = authenticator;
        this.permissions = permissions;
        this.minter = minter;
        this.refreshTokens = refreshTokens;
        this.service = service;
        this.basicChallenge = Refusals.basicChallenge(service + " token service");
    }

    @Override
    public TokenResponse issue(TokenRequest request) {
        if (request.service().isPresent() && !request.service().get().equals(service)) {
            throw RegistryException.withDetail(ErrorCode.BAD_REQUEST, "this token service issues tokens for "
                    + service + " only", request.service().get());
        }
        List<Scope> requested = TokenScopes.parse(request.scopes());
        Principal principal = caller(request);
        List<Scope> granted = new ArrayList<>();
        for (Scope scope : requested) {
            Set<String> actions = permissions.granted(principal, scope);
            if (!actions.isEmpty()) {
                granted.add(new Scope(scope.type(), scope.name(), actions));
            }
        }
        TokenMinter.Minted minted = minter.mint(principal, granted);
        Optional<String> refresh = request.offline() && !principal.isAnonymous() && !isRefreshGrant(request)
                ? refreshTokens.issue(principal, request.clientId().orElse(DEFAULT_CLIENT),
                request.credentials().remoteAddress())
                : Optional.empty();
        return new TokenResponse(minted.token(), minted.expiresIn(), minted.issuedAt(), refresh,
                granted.stream().map(Scope::toString).toList());
    }

    private Principal caller(TokenRequest request) {
        String address = request.credentials().remoteAddress();
        if (request.grantType().isEmpty()) {
            return switch (PresentedCredentials.parse(request.credentials().authorization())) {
                case PresentedCredentials.Basic basic -> authenticator.authenticate(basic.username(),
                        basic.password().reveal(), address).orElseThrow(this::badCredentials);
                case PresentedCredentials.Malformed malformed when malformed.scheme().equals("basic") ->
                        throw badCredentials();
                // A stale bearer token sent along, or no credentials at all: an anonymous request.
                default -> Principal.ANONYMOUS;
            };
        }
        return switch (request.grantType().get()) {
            case "password" -> {
                String username = request.account().orElseThrow(() -> RegistryException.of(ErrorCode.BAD_REQUEST,
                        "a password grant needs username and password"));
                String password = request.password().orElseThrow(() -> RegistryException.of(ErrorCode.BAD_REQUEST,
                        "a password grant needs username and password"));
                yield authenticator.authenticate(username, password, address).orElseThrow(this::badCredentials);
            }
            case "refresh_token" -> refreshTokens.redeem(request.refreshToken().orElseThrow(
                            () -> RegistryException.of(ErrorCode.BAD_REQUEST, "a refresh grant needs refresh_token")),
                    address).orElseThrow(this::badCredentials);
            default -> throw RegistryException.withDetail(ErrorCode.BAD_REQUEST,
                    "unsupported grant_type (use password or refresh_token)", request.grantType().get());
        };
    }

    private static boolean isRefreshGrant(TokenRequest request) {
        return request.grantType().filter("refresh_token"::equals).isPresent();
    }

    private RegistryException badCredentials() {
        return RegistryException.of(ErrorCode.UNAUTHORIZED, "incorrect username, password or token")
                .withHeader("WWW-Authenticate", basicChallenge);
    }
}
