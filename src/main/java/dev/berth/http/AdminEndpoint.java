package dev.berth.http;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import org.eclipse.jetty.util.Fields;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The admin API routes: read the call, hand it to the {@link AdminApi}, write its reply. */
final class AdminEndpoint {
    private static final long MAX_BODY_BYTES = 64 * 1024;
    private final AdminApi api;

    AdminEndpoint(AdminApi api) {
        this.api = api;
    }

    void handle(Exchange ex, Grant caller, String address) {
        byte[] body = ex.hasBody() ? ex.bodyUpTo(MAX_BODY_BYTES, () -> RegistryException.of(ErrorCode.SIZE_INVALID,
                "admin request bodies are limited to 64KiB").withStatus(413)) : new byte[0];
        AdminReply reply = api.handle(new AdminCall(ex.route().endpoint(), ex.method(), ex.route().name(),
                ex.route().argument(), query(ex), body, caller, address));
        ex.header("Cache-Control", "no-store");
        if (reply.body().isPresent()) {
            ex.sendJson(reply.status(), reply.body().get());
        } else {
            ex.send(reply.status());
        }
    }

    private static Map<String, List<String>> query(Exchange ex) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        Fields fields = ex.queryFields();
        for (Fields.Field field : fields) {
            query.put(field.getName(), List.copyOf(field.getValues()));
        }
        return query;
    }
}
