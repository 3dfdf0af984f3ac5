package org.lwsspark.prep.read;

import java.io.Serializable;

/**
 * One input file as found when the run started: its size and modification time are what a later run compares to
 * decide that the file was already processed.
 */
public record InputFile(String path, InputKind kind, long size, long modificationTime) implements Serializable {}
