package dev.berth.scaleout;

import dev.berth.scaleout.RoundRobinClient.PushedImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.berth.scaleout.MultiNodeTest.json;
import static dev.berth.scaleout.MultiNodeTest.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three nodes on PostgreSQL and one shared directory (the filesystem store on a shared mount) instead of S3: uploads
 * hop between nodes the same way, and the stale-upload purge, scheduled on every node, removes an upload another
 * node started, once for the cluster.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedDirectoryClusterTest {
    @TempDir
    static Path dir;
    private static Cluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = Cluster.start(dir, Cluster.Blobs.SHARED_DIRECTORY, 3,
                Map.of("uploads.purge-after", "6s", "uploads.purge-interval", "300ms"));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void push_everyRequestOnTheNextNode_pulledIntactFromEveryNode() {
        RoundRobinClient client = new RoundRobinClient(cluster.nodes(), 2);

        PushedImage image = client.pushImage("shared-fs/app", "v1", json("fs"), 32 * 1024,
                random(31, 200_000), random(32, 70_000));

        for (int node = 0; node < cluster.size(); node++) {
            MultiNodeTest.verifyPresent(client, node, image);
        }
    }

    @Test
    void abandonedUpload_startedAndPatchedOnTwoNodes_purgedByTheClusterWithItsBytes() throws Exception {
        RoundRobinClient client = new RoundRobinClient(cluster.nodes(), 0);
        String location = client.startUpload("shared-fs/abandoned");
        RoundRobinClient.expect(client.send("PATCH", location, random(33, 5000), "Content-Type",
                "application/octet-stream", "Content-Range", "0-4999"), 202);
        String uploadId = location.substring(location.lastIndexOf('/') + 1);
        Path uploadBytes = dir.resolve("shared-blobs/uploads").resolve(uploadId);
        assertThat(uploadBytes).exists();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(client.sendTo(2, "GET", location, null).statusCode()).isEqualTo(404));

        assertThat(uploadBytes).doesNotExist();
        assertThat(jobRuns()).containsExactly("upload-purge");
    }

    private static List<String> jobRuns() throws Exception {
        try (Connection connection = cluster.database().connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name FROM job_runs ORDER BY name")) {
            List<String> names = new ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return names;
        }
    }
}
