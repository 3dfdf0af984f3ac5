package org.lwsspark.prep.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lwsspark.prep.Fixtures;

class InputDiscoveryTest {
    private static final Configuration CONF = new Configuration();

    private static Map<String, InputKind> kinds(List<InputFile> files) {
        return files.stream()
                .collect(Collectors.toMap(
                        f -> f.path().replaceAll(".*/", ""), InputFile::kind, (a, b) -> a, TreeMap::new));
    }

    @Test
    void directoriesAreWalkedAndFormatsDetectedByName() throws Exception {
        Map<String, InputKind> k = kinds(InputDiscovery.discover(
                List.of(Fixtures.get("wiki").toString(), Fixtures.get("warc").toString()), CONF));
        assertEquals(23, k.size(), "wiki/ and its dbpedia-minidumps/ sub-directory, and warc/");
        assertEquals(InputKind.WIKI, k.get("zhwiki.xml.bz2"));
        assertEquals(InputKind.WET, k.get("cc-whirlwind-whirlwind.warc.wet.gz"));
        assertEquals(InputKind.WARC, k.get("cc-whirlwind-whirlwind.warc.wat.gz"));
        assertEquals(InputKind.WARC, k.get("dolma-sample-0000.warc.gz"));
    }

    @Test
    void globsAndUrisAreExpanded() throws Exception {
        String glob = "file://" + Fixtures.get("warc") + "/cc-whirlwind-*.gz";
        List<InputFile> files = InputDiscovery.discover(List.of(glob), CONF);
        assertEquals(3, files.size());
        assertTrue(files.stream().allMatch(f -> f.size() > 0 && f.modificationTime() > 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> InputDiscovery.discover(List.of(Fixtures.get("warc") + "/nothing-*.gz"), CONF));
    }

    @Test
    void formatsWithoutAKnownNameAreDetectedFromContent(@TempDir Path tmp) throws Exception {
        Files.copy(Fixtures.get("warc/jwarc-cc.warc.gz"), tmp.resolve("capture.gz"));
        Files.copy(Fixtures.get("wiki/dbpedia-minidumps/hiwiki.xml.bz2"), tmp.resolve("dump.bz2"));
        Files.writeString(tmp.resolve("corpus.dat"), "{\"text\": \"a document\"}\n");
        Files.writeString(tmp.resolve("notes"), "plain text, one document per line\n");
        Files.writeString(tmp.resolve(".hidden"), "skipped");
        Map<String, InputKind> k = kinds(InputDiscovery.discover(List.of(tmp.toString()), CONF));
        assertEquals(
                Map.of(
                        "capture.gz",
                        InputKind.WARC,
                        "dump.bz2",
                        InputKind.WIKI,
                        "corpus.dat",
                        InputKind.JSONL,
                        "notes",
                        InputKind.TEXT),
                k);
    }
}
