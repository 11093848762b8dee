package dev.berth.storage.s3;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommitPlanTest {
    private static final long MIB = 1024 * 1024;
    private static final long GIB = 1024 * MIB;

    @Test
    void plan_allChunksLarge_everyChunkCopied() {
        CommitPlan plan = CommitPlan.of(chunks(6 * MIB, 5 * MIB, 20 * MIB), 16 * MIB);

        assertThat(plan.parts()).containsExactly(
                new CommitPlan.Copy("c0", 0, 6 * MIB),
                new CommitPlan.Copy("c1", 0, 5 * MIB),
                new CommitPlan.Copy("c2", 0, 20 * MIB));
    }

    @Test
    void plan_smallChunksOnly_mergedIntoPartSizedParts() {
        CommitPlan plan = CommitPlan.of(chunks(3 * MIB, 3 * MIB, 3 * MIB, 1), 5 * MIB);

        assertThat(plan.parts()).containsExactly(
                new CommitPlan.Merge(List.of(new CommitPlan.Piece("c0", 0, 3 * MIB),
                        new CommitPlan.Piece("c1", 0, 2 * MIB)), 5 * MIB),
                new CommitPlan.Merge(List.of(new CommitPlan.Piece("c1", 2 * MIB, MIB),
                        new CommitPlan.Piece("c2", 0, 3 * MIB), new CommitPlan.Piece("c3", 0, 1)), 4 * MIB + 1));
    }

    @Test
    void plan_smallChunkBeforeLargeOne_borrowsItsHeadThenCopiesTheRest() {
        CommitPlan plan = CommitPlan.of(chunks(MIB, 30 * MIB), 8 * MIB);

        assertThat(plan.parts()).containsExactly(
                new CommitPlan.Merge(List.of(new CommitPlan.Piece("c0", 0, MIB),
                        new CommitPlan.Piece("c1", 0, 7 * MIB)), 8 * MIB),
                new CommitPlan.Copy("c1", 7 * MIB, 23 * MIB));
    }

    @Test
    void plan_chunkAboveFiveGibibytes_copiedInFiveGibibyteRanges() {
        CommitPlan plan = CommitPlan.of(chunks(12 * GIB + 3), 16 * MIB);

        assertThat(plan.parts()).containsExactly(
                new CommitPlan.Copy("c0", 0, 5 * GIB),
                new CommitPlan.Copy("c0", 5 * GIB, 5 * GIB),
                new CommitPlan.Copy("c0", 10 * GIB, 2 * GIB + 3));
    }

    @Test
    void plan_randomChunkSizes_partsCoverAllBytesInOrderWithinS3Limits() {
        Random random = new Random(7);
        for (int round = 0; round < 500; round++) {
            int count = 1 + random.nextInt(12);
            long[] sizes = new long[count];
            for (int i = 0; i < count; i++) {
                sizes[i] = switch (random.nextInt(4)) {
                    case 0 -> 1 + random.nextInt(1000);
                    case 1 -> 1 + random.nextInt((int) (5 * MIB));
                    case 2 -> 5 * MIB + random.nextInt((int) (20 * MIB));
                    default -> 5 * MIB;
                };
            }
            long partSize = 5 * MIB + random.nextInt((int) (12 * MIB));

            assertValid(chunks(sizes), CommitPlan.of(chunks(sizes), partSize), partSize);
        }
    }

    @Test
    void plan_partSizeOutsideS3Limits_rejected() {
        assertThatThrownBy(() -> CommitPlan.of(chunks(MIB), 4 * MIB)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Replays the plan byte range by byte range against the chunks it was made from. */
    private static void assertValid(List<Chunk> chunks, CommitPlan plan, long partSize) {
        List<long[]> ranges = new ArrayList<>();
        List<CommitPlan.Part> parts = plan.parts();
        for (int i = 0; i < parts.size(); i++) {
            CommitPlan.Part part = parts.get(i);
            boolean last = i == parts.size() - 1;
            assertThat(part.size()).isLessThanOrEqualTo(CommitPlan.MAX_PART).isPositive();
            if (!last) {
                assertThat(part.size()).isGreaterThanOrEqualTo(CommitPlan.MIN_PART);
            }
            switch (part) {
                case CommitPlan.Copy copy -> ranges.add(absolute(chunks, copy.key(), copy.first(), copy.size()));
                case CommitPlan.Merge merge -> {
                    assertThat(merge.size()).isLessThanOrEqualTo(partSize)
                            .isEqualTo(merge.pieces().stream().mapToLong(CommitPlan.Piece::size).sum());
                    merge.pieces().forEach(p -> ranges.add(absolute(chunks, p.key(), p.first(), p.size())));
                }
            }
        }
        long expected = 0;
        for (long[] range : ranges) {
            assertThat(range[0]).isEqualTo(expected);
            expected = range[0] + range[1];
        }
        assertThat(expected).isEqualTo(chunks.getLast().end());
    }

    private static long[] absolute(List<Chunk> chunks, String key, long first, long size) {
        Chunk chunk = chunks.stream().filter(c -> c.key().equals(key)).findFirst().orElseThrow();
        assertThat(first + size).isLessThanOrEqualTo(chunk.size());
        return new long[] {chunk.offset() + first, size};
    }

    private static List<Chunk> chunks(long... sizes) {
        List<Chunk> chunks = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < sizes.length; i++) {
            chunks.add(new Chunk("c" + i, offset, sizes[i]));
            offset += sizes[i];
        }
        return chunks;
    }
}
