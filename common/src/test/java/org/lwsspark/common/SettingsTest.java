package org.lwsspark.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code --conf} file in the form {@code --set} takes, or in absolute form, over the shipped defaults. */
class SettingsTest {

    private static Config load(Path file, String overrides) {
        return Settings.load("settings-test.conf", "lws.test", file.toFile(), ConfigFactory.parseString(overrides));
    }

    @Test
    void relativeKeysAreTheSectionsAsWithSet(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("my.conf"), "optimizer.lr = 1e-3\nrate = 0.5\n");
        Config c = load(file, "");
        assertEquals(1e-3, c.getDouble("lws.test.optimizer.lr"));
        assertEquals(0.5, c.getDouble("lws.test.rate"));
        assertEquals("paper", c.getString("lws.test.optimizer.schedule"), "what the file leaves keeps its default");
    }

    @Test
    void absoluteKeysStillWorkAndWinOverRelativeOnes(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(
                tmp.resolve("my.conf"), "lws.test.optimizer.lr = 2e-3\noptimizer.lr = 1e-3\nlws.other.x = 1\n");
        Config c = load(file, "");
        assertEquals(2e-3, c.getDouble("lws.test.optimizer.lr"));
        assertEquals(1, c.getInt("lws.other.x"), "other sections pass through");
    }

    @Test
    void theCommandLineWinsOverTheFile(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("my.conf"), "optimizer.lr = 1e-3\n");
        assertEquals(5e-3, load(file, "lws.test.optimizer.lr = 5e-3").getDouble("lws.test.optimizer.lr"));
    }

    @Test
    void aMistypedRelativeKeyIsRefusedWithItsFileAndLine(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("my.conf"), "\noptimzer.lr = 1e-3\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load(file, ""));
        assertTrue(e.getMessage().contains("unknown setting 'optimzer.lr'"), e.getMessage());
        assertTrue(e.getMessage().contains("my.conf: 2"), e.getMessage());
    }
}
