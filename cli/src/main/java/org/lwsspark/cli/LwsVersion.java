package org.lwsspark.cli;

import org.lwsspark.common.Provenance;
import picocli.CommandLine;

/** {@code ./lws --version}: the build's version, commit and build time, and the runtime. */
final class LwsVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        Provenance p = Provenance.now();
        return new String[] {p.summary() + ", DL4J " + p.dl4jVersion() + ", Java " + p.javaVersion()};
    }
}
