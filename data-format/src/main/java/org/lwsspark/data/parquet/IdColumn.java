package org.lwsspark.data.parquet;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.lwsspark.data.manifest.Manifest;

/**
 * The {@code input_ids} column of a shard file, once its schema has been found to be what the manifest's dtype
 * promises: a Parquet LIST (one repeated level) whose element is INT32 with no other meaning. An INT32 annotated as
 * 16 or 8 bits, or unsigned, is refused like INT64 and BYTE_ARRAY: it would be decoded as something else
 * (docs/method.md, "The bug not to repeat").
 *
 * @param projection the file's schema reduced to {@code input_ids} (other columns are never read)
 * @param leaf       the element column the reader decodes
 */
public record IdColumn(MessageType projection, ColumnDescriptor leaf) {

    /** The id column of {@code schema}, or an {@link IllegalStateException} naming {@code where} and the reason. */
    public static IdColumn of(MessageType schema, String where) {
        if (!schema.containsField(Manifest.COLUMN)) {
            throw new IllegalStateException(
                    where + ": no column " + Manifest.COLUMN + " (schema " + oneLine(schema) + ")");
        }
        Type col = schema.getType(Manifest.COLUMN);
        Type leaf = col;
        while (!leaf.isPrimitive()) {
            GroupType g = leaf.asGroupType();
            if (g.getFieldCount() != 1) break;
            leaf = g.getType(0);
        }
        MessageType projection = new MessageType(schema.getName(), col);
        if (col.isPrimitive() || !leaf.isPrimitive() || projection.getMaxRepetitionLevel(path(projection)) != 1) {
            throw new IllegalStateException(where + ": " + Manifest.COLUMN + " is " + oneLine(col)
                    + ", expected a list of int32 (dtype " + Manifest.DTYPE + ")");
        }
        PrimitiveType p = leaf.asPrimitiveType();
        LogicalTypeAnnotation logical = p.getLogicalTypeAnnotation();
        boolean plainInt32 = p.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT32
                && (logical == null || logical.equals(LogicalTypeAnnotation.intType(32, true)));
        if (!plainInt32) {
            throw new IllegalStateException(where + ": " + Manifest.COLUMN + " elements are stored as "
                    + p.getPrimitiveTypeName() + (logical == null ? "" : " " + logical) + ", but the manifest's "
                    + "dtype is " + Manifest.DTYPE + ": refusing data that would be decoded as something else "
                    + "(docs/method.md, \"The bug not to repeat\")");
        }
        return new IdColumn(projection, projection.getColumns().get(0));
    }

    private static String[] path(MessageType projection) {
        return projection.getPaths().get(0);
    }

    private static String oneLine(Type t) {
        return t.toString().replaceAll("\\s+", " ").trim();
    }
}
