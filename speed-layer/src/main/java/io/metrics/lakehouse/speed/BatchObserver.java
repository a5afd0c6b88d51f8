package io.metrics.lakehouse.speed;

/** Told what each micro-batch did, in the driver, after its commits (metrics, tests). */
@FunctionalInterface
public interface BatchObserver {

    BatchObserver NONE = (epoch, outcome) -> { };

    void onBatch(long epoch, MicroBatchWriter.Outcome outcome);
}
