package org.lwsspark.train.averaging;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.TaskCompletionListener;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import scala.Tuple2;

/**
 * Scores batches on an executor with a resident network and the broadcast parameters: (rows, loss x rows) of the
 * partition. Only the parameters are set, so a network holding a worker's optimizer state keeps it; the next round
 * sets the parameters again anyway.
 */
record ResidentScore(String run, String configurationJson, Broadcast<FlatVector> parameters)
        implements FlatMapFunction<Iterator<MultiDataSet>, Tuple2<Long, Double>> {

    @Override
    public Iterator<Tuple2<Long, Double>> call(Iterator<MultiDataSet> batches) {
        FlatVector values = ReceivedState.of("parameters", parameters);
        ResidentNetworks.Resident resident = ResidentNetworks.take(run, -1, configurationJson, values);
        TaskContext.get()
                .addTaskCompletionListener((TaskCompletionListener) context -> ResidentNetworks.give(run, resident));
        values.copyTo(resident.network.params(), 0);
        long rows = 0;
        double sum = 0;
        while (batches.hasNext()) {
            MultiDataSet batch = batches.next();
            long n = batch.getFeatures(0).size(0);
            sum += resident.network.score(batch, false) * n;
            rows += n;
        }
        return List.of(new Tuple2<>(rows, sum)).iterator();
    }
}
