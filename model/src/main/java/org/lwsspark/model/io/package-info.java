/**
 * Model files: atomic checkpoints (parameters, optimizer state, resolved config, plan and provenance in one
 * directory), the safetensors export for the PyTorch / Hugging Face world, and token files for evaluation.
 */
package org.lwsspark.model.io;
