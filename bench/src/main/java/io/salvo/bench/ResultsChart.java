package io.salvo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a CSV written by the bench scripts into a PNG: a line chart when x is numeric (one line
 * per {@code --series} value, or per y column), else a grouped bar chart.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.salvo.bench.ResultsChart --csv FILE --x COLUMN
 *     --y COLUMN[,COLUMN...] [--series COLUMN] [--log-x] --title TEXT --png FILE</pre>
 */
public final class ResultsChart {
    private ResultsChart() {
    }

    /** Draws the chart the arguments describe. */
    public static void main(String[] args) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        boolean logX = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--log-x")) {
                logX = true;
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i].substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
        }
        for (String required : List.of("csv", "x", "y", "title", "png")) {
            if (!options.containsKey(required)) {
                throw new IllegalArgumentException("missing --" + required
                        + " (usage: --csv FILE --x COL --y COL[,COL] [--series COL] [--log-x] --title T --png FILE)");
            }
        }
        List<String> lines = Files.readAllLines(Path.of(options.get("csv")));
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        List<String[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                rows.add(line.split(",", -1));
            }
        }
        int x = column(header, options.get("x"));
        String[] ys = options.get("y").split(",");
        Path png = Path.of(options.get("png"));
        boolean numericX = rows.stream().allMatch(r -> isNumber(r[x]));
        if (numericX) {
            LineChart chart = new LineChart(options.get("title"), options.get("x"), String.join(", ", ys), logX);
            if (options.containsKey("series")) {
                int series = column(header, options.get("series"));
                int y = column(header, ys[0]);
                Map<String, List<double[]>> points = new LinkedHashMap<>();
                for (String[] r : rows) {
                    if (isNumber(r[y])) {
                        points.computeIfAbsent(r[series], k -> new ArrayList<>())
                                .add(new double[]{Double.parseDouble(r[x]), Double.parseDouble(r[y])});
                    }
                }
                points.forEach((name, list) -> chart.add(name, list.stream().mapToDouble(p -> p[0]).toArray(),
                        list.stream().mapToDouble(p -> p[1]).toArray()));
            } else {
                for (String yName : ys) {
                    int y = column(header, yName);
                    chart.add(yName, rows.stream().mapToDouble(r -> Double.parseDouble(r[x])).toArray(),
                            rows.stream().mapToDouble(r -> value(r[y])).toArray());
                }
            }
            chart.write(png, 900, 420);
        } else {
            List<String> categories = rows.stream().map(r -> r[x]).toList();
            BarChart chart = new BarChart(options.get("title"), String.join(", ", ys), categories);
            for (String yName : ys) {
                int y = column(header, yName);
                chart.add(yName, rows.stream().mapToDouble(r -> value(r[y])).toArray());
            }
            chart.write(png, 900, 420);
        }
    }

    private static int column(List<String> header, String name) {
        int index = header.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no column '" + name + "' in " + header);
        }
        return index;
    }

    private static boolean isNumber(String text) {
        try {
            Double.parseDouble(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double value(String text) {
        return isNumber(text) ? Double.parseDouble(text) : Double.NaN;
    }
}
