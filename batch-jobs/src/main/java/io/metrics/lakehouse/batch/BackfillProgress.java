package io.metrics.lakehouse.batch;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Where backfill reports each finished partition: a progress bar for a person at a terminal, one
 * structured {@code key=value} line per partition for everything else (Airflow task logs, pipes, tests).
 */
interface BackfillProgress extends AutoCloseable {

    /** {@code line}: the structured line; {@code label}: a short text for the bar, e.g. {@code 1m/... computed}. */
    void finished(String line, String label, int done);

    @Override
    void close();

    /**
     * {@code auto}: a bar when the JVM runs on an interactive terminal ({@code System.console()}: stdin and
     * stdout both a terminal), lines otherwise.
     */
    static boolean wantsBar(String mode) {
        return switch (mode) {
            case "bar" -> true;
            case "lines" -> false;
            case "auto" -> System.console() != null;
            default -> throw new IllegalArgumentException("--progress must be auto, bar or lines: " + mode);
        };
    }

    static BackfillProgress of(boolean bar, int total, PrintWriter out) {
        return bar ? new Bar(total) : new Lines(out);
    }

    /** One line per partition, flushed at once so that a killed run has reported what it finished. */
    final class Lines implements BackfillProgress {
        private final PrintWriter out;

        Lines(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void finished(String line, String label, int done) {
            out.println(line);
            out.flush();
        }

        @Override
        public void close() {
        }
    }

    /** me.tongfei progressbar on stderr: done/total, rate, ETA and the last partition. */
    final class Bar implements BackfillProgress {
        private final ProgressBar bar;

        Bar(int total) {
            bar = new ProgressBarBuilder().setTaskName("backfill").setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).showSpeed().build();
        }

        @Override
        public void finished(String line, String label, int done) {
            bar.stepTo(done);
            bar.setExtraMessage(label);
        }

        @Override
        public void close() {
            bar.close();
        }
    }
}
