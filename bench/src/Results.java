import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Every measured value by figure and server, and the medians, spreads and ratios computed from them. */
final class Results {
    static final String BERTH = "berth";
    static final String DISTRIBUTION = "distribution";

    /** A reported figure: higher is better unless {@code lowerIsBetter}. */
    record Figure(String id, String title, String unit, boolean lowerIsBetter) {
    }

    record Stats(double median, double min, double max, int n) {
        static Optional<Stats> of(List<Double> values) {
            if (values == null || values.isEmpty()) {
                return Optional.empty();
            }
            List<Double> sorted = new ArrayList<>(values);
            sorted.sort(Double::compare);
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            return Optional.of(new Stats(median, sorted.get(0), sorted.get(n - 1), n));
        }
    }

    private final Map<String, Figure> figures = new LinkedHashMap<>();
    private final Map<String, Map<String, List<Double>>> values = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> errors = new LinkedHashMap<>();

    void define(Figure figure) {
        figures.put(figure.id(), figure);
    }

    Figure figure(String id) {
        return figures.get(id);
    }

    List<Figure> figures() {
        return List.copyOf(figures.values());
    }

    void add(String figure, String server, double value) {
        values.computeIfAbsent(figure, k -> new LinkedHashMap<>()).computeIfAbsent(server, k -> new ArrayList<>())
                .add(value);
    }

    void fail(String figure, String server, String message) {
        errors.computeIfAbsent(figure, k -> new LinkedHashMap<>()).putIfAbsent(server, message);
    }

    Map<String, Map<String, String>> errors() {
        return errors;
    }

    Optional<Stats> stats(String figure, String server) {
        return Stats.of(values.getOrDefault(figure, Map.of()).get(server));
    }

    List<Double> raw(String figure, String server) {
        return values.getOrDefault(figure, Map.of()).getOrDefault(server, List.of());
    }

    /** Berth relative to another server's median of the same figure: higher is better for Berth. */
    double ratio(String figure, String against) {
        Figure f = figures.get(figure);
        Optional<Stats> b = stats(figure, BERTH);
        Optional<Stats> o = stats(figure, against);
        if (b.isEmpty() || o.isEmpty()) {
            return Double.NaN;
        }
        return f.lowerIsBetter() ? o.get().median() / b.get().median() : b.get().median() / o.get().median();
    }

    /** Berth's median of one figure relative to a ceiling's median of another (same unit, higher better). */
    double ratioTo(String figure, String ceilingFigure, String ceilingServer) {
        Optional<Stats> b = stats(figure, BERTH);
        Optional<Stats> c = stats(ceilingFigure, ceilingServer);
        return b.isEmpty() || c.isEmpty() ? Double.NaN : b.get().median() / c.get().median();
    }

    static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        String pattern = a >= 1000 ? "%,.0f" : a >= 100 ? "%.1f" : a >= 10 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, v);
    }

    static String ratioText(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "NaN" : String.format(Locale.ROOT, "%.3f", v);
    }
}
