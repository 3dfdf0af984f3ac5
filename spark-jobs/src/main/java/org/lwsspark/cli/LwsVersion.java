package org.lwsspark.cli;

import org.lwsspark.model.io.Provenance;
import picocli.CommandLine;

/** {@code ./lws --version}: the build's version and commit. */
final class LwsVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        Provenance p = Provenance.now();
        return new String[] {"lws-spark " + p.lwsVersion() + " (commit " + p.gitCommit() + ", DL4J " + p.dl4jVersion()
                + ", Java " + p.javaVersion() + ")"};
    }
}
