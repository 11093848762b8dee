package dev.berth.server;

import dev.berth.config.BerthConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;

/** Starts a Berth node from its configuration. */
public final class BerthServer {
    private static final Logger LOG = LoggerFactory.getLogger(BerthServer.class);

    private BerthServer() {
    }

    public static RunningServer start(BerthConfig config) {
        LOG.info("configuration loaded: listen={} data-dir={}", config.server().listen(), config.dataDir());
        CountDownLatch stopped = new CountDownLatch(1);
        return new RunningServer() {
            @Override
            public void awaitStopped() {
                try {
                    stopped.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void close() {
                stopped.countDown();
            }
        };
    }
}
