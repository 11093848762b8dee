package dev.berth.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One admin API request.
 *
 * @param endpoint the admin route
 * @param method   the HTTP method
 * @param name     the user, token id, robot, namespace or rule id in the path ({@code ""} for collections)
 * @param argument the member in {@code …/-/members/{member}} ({@code ""} otherwise)
 * @param query    the query parameters
 * @param body     the request body (JSON for POST and PUT; empty otherwise)
 * @param caller   what the access gate admitted (who is calling)
 * @param address  the caller's IP address, for the audit log
 */
public record AdminCall(Endpoint endpoint, String method, String name, String argument,
                        Map<String, List<String>> query, byte[] body, Grant caller, String address) {
    public AdminCall {
        query = Map.copyOf(query);
    }

    public Optional<String> queryValue(String parameter) {
        return query.getOrDefault(parameter, List.of()).stream().findFirst();
    }

    /** Never shows the body: it may carry a password. */
    @Override
    public String toString() {
        return "AdminCall[" + method + " " + endpoint + " name=" + name + " argument=" + argument + " caller="
                + caller.subject() + "]";
    }
}
