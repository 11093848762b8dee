package dev.berth.auth;

import dev.berth.domain.RegistryException;
import dev.berth.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoginThrottleTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));

    @Test
    void failed_reachingTheLimit_reportedOnceAndBlocksUntilTheOldestAgesOut() {
        LoginThrottle throttle = new LoginThrottle(new ThrottleSettings(3, 100, Duration.ofSeconds(60), 1000), clock);

        assertThat(throttle.failed("alice", "a1")).isFalse();
        clock.advance(Duration.ofSeconds(10));
        assertThat(throttle.failed("alice", "a2")).isFalse();
        assertThat(throttle.failed("alice", "a3")).isTrue();

        assertThatThrownBy(() -> throttle.check("alice", "a4")).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.headers()).containsEntry("Retry-After", "50"));
        clock.advance(Duration.ofSeconds(50));
        assertThatCode(() -> throttle.check("alice", "a4")).doesNotThrowAnyException();
    }

    @Test
    void veryLongNames_trackedByDigest_stillThrottled() {
        LoginThrottle throttle = new LoginThrottle(new ThrottleSettings(2, 100, Duration.ofSeconds(60), 1000), clock);
        String longName = "x".repeat(10_000);

        throttle.failed(longName, "a");
        throttle.failed(longName, "b");

        assertThatThrownBy(() -> throttle.check(longName, "c")).isInstanceOf(RegistryException.class);
        assertThatCode(() -> throttle.check("x".repeat(9_999) + "y", "c")).doesNotThrowAnyException();
    }

    @Test
    void manyKeys_beyondTheBound_forgottenRatherThanGrowing() {
        LoginThrottle throttle = new LoginThrottle(new ThrottleSettings(2, 1000, Duration.ofSeconds(60), 10), clock);
        throttle.failed("victim", "a");
        throttle.failed("victim", "a");
        assertThatThrownBy(() -> throttle.check("victim", "z")).isInstanceOf(RegistryException.class);

        for (int i = 0; i < 20; i++) {
            throttle.failed("spray" + i, "b" + i);
        }

        assertThatCode(() -> throttle.check("victim", "z")).doesNotThrowAnyException();
    }
}
