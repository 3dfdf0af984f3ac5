package org.lwsspark.model.io;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The arrays of a {@code model.zip}, the format checkpoints had before the raw blocks (DL4J's
 * {@link ModelSerializer}: a zip of the configuration JSON and the parameter and updater arrays in ND4J's binary
 * form), read the way {@code ModelSerializer.restoreComputationGraph} reads them, so that both formats build
 * their network through {@link Checkpoint.State#network()}.
 */
final class LegacyZip {

    private LegacyZip() {}

    static Checkpoint.State read(Path zip) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            String configuration =
                    new String(bytes(file, zip, ModelSerializer.CONFIGURATION_JSON), StandardCharsets.UTF_8);
            INDArray parameters = array(file, zip, ModelSerializer.COEFFICIENTS_BIN);
            INDArray optimizer = file.getEntry(ModelSerializer.UPDATER_BIN) == null
                    ? null
                    : array(file, zip, ModelSerializer.UPDATER_BIN);
            return new Checkpoint.State(configuration, parameters, optimizer);
        }
    }

    private static byte[] bytes(ZipFile file, Path zip, String name) throws IOException {
        try (InputStream in = file.getInputStream(entry(file, zip, name))) {
            return in.readAllBytes();
        }
    }

    private static INDArray array(ZipFile file, Path zip, String name) throws IOException {
        try (DataInputStream in =
                new DataInputStream(new BufferedInputStream(file.getInputStream(entry(file, zip, name))))) {
            return Nd4j.read(in);
        }
    }

    private static ZipEntry entry(ZipFile file, Path zip, String name) {
        ZipEntry entry = file.getEntry(name);
        if (entry == null) {
            throw new IllegalStateException(zip + " has no " + name + ": not a DL4J model");
        }
        return entry;
    }
}
