package dev.berth.http;

/**
 * The admin API behind {@code /api/v1/} ({@link Endpoint#isAdmin()} routes), implemented in {@code dev.berth.auth}
 * on top of the access administration service. The HTTP side routes, checks the caller holds
 * {@link AccessRules#ADMIN_API}, reads the JSON body and writes the answer; the implementation parses the call,
 * makes one service call and says what to answer.
 */
@FunctionalInterface
public interface AdminApi {
    AdminReply handle(AdminCall call);
}
