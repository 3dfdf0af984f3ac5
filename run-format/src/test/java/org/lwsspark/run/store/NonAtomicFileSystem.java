package org.lwsspark.run.store;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * A Hadoop file system ({@code nonatomic:///}, on local files) that behaves as an object store where it matters
 * here: a rename copies file by file and then deletes, so a directory renamed is half there for a while; and a
 * process can be "killed" at the creation of a file of a given name ({@link #killAtCreationOf}).
 */
public final class NonAtomicFileSystem extends RawLocalFileSystem {

    static final String SCHEME = "nonatomic";

    /** What a kill looks like to the code under test: nothing after it runs. */
    static final class Killed extends RuntimeException {
        Killed(Path at) {
            super("killed before " + at + " was written");
        }
    }

    private static volatile String killAt;

    /** The next creation of a file named {@code name} throws {@link Killed}; null: none does. */
    static void killAtCreationOf(String name) {
        killAt = name;
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FSDataOutputStream create(
            Path f, boolean overwrite, int bufferSize, short replication, long blockSize, Progressable progress)
            throws IOException {
        dieIfAsked(f);
        return super.create(f, overwrite, bufferSize, replication, blockSize, progress);
    }

    @Override
    public FSDataOutputStream create(
            Path f,
            FsPermission permission,
            boolean overwrite,
            int bufferSize,
            short replication,
            long blockSize,
            Progressable progress)
            throws IOException {
        dieIfAsked(f);
        return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
        if (!exists(src) || exists(dst)) {
            return false;
        }
        return FileUtil.copy(this, src, this, dst, true, getConf());
    }

    private static void dieIfAsked(Path f) {
        if (f.getName().equals(killAt)) {
            killAt = null;
            throw new Killed(f);
        }
    }
}
