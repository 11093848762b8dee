package dev.berth.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import dev.berth.config.LogConfig;
import dev.berth.config.LogFormat;
import dev.berth.config.LogLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class LogSetupTest {
    private static final Logger LOG = LoggerFactory.getLogger("dev.berth.test.LogSetupTest");

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalOut;

    @BeforeEach
    void captureStandardOutput() {
        originalOut = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreLogging() throws Exception {
        System.setOut(originalOut);
        MDC.clear();
        System.clearProperty(LogSetup.LEVEL_PROPERTY);
        System.clearProperty(LogSetup.FORMAT_PROPERTY);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @Test
    void apply_jsonFormat_writesOneJsonObjectPerLineWithTheRequestId() {
        LogSetup.apply(new LogConfig(LogLevel.INFO, LogFormat.JSON));
        MDC.put("request_id", "req-42");

        LOG.info("blob {} stored", "sha256:abc");
        LOG.debug("not written at info");

        String[] lines = captured.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(1);
        JsonNode event = JsonMapper.builder().build().readTree(lines[0]);
        assertThat(event.get("message").asString()).isEqualTo("blob sha256:abc stored");
        assertThat(event.get("request_id").asString()).isEqualTo("req-42");
        assertThat(event.get("level").asString()).isEqualTo("INFO");
        assertThat(event.has("berth.log.active-format")).isFalse();
    }

    @Test
    void apply_textFormatAtDebug_writesReadableLinesWithTheRequestId() {
        LogSetup.apply(new LogConfig(LogLevel.DEBUG, LogFormat.TEXT));
        MDC.put("request_id", "req-7");

        LOG.debug("manifest pushed");
        MDC.remove("request_id");
        LOG.trace("not written at debug");
        LOG.info("no request");

        String[] lines = captured.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).matches("\\d{4}-\\d\\d-\\d\\dT\\S+ DEBUG .* \\[req-7] manifest pushed");
        assertThat(lines[1]).endsWith("INFO  d.b.test.LogSetupTest [-] no request");
    }
}
