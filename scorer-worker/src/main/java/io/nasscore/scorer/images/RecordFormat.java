package io.nasscore.scorer.images;

import io.nasscore.core.Dataset;

/**
 * The binary record layouts read here. Every record is label byte(s) then the pixels as three planes (R, G, B),
 * each side x side in row-major order:
 * <ul>
 *   <li>CIFAR-10 ({@code data_batch_*.bin}): 1 label byte (0..9) + 3072 pixel bytes;</li>
 *   <li>CIFAR-100 ({@code train.bin}, {@code test.bin}): 2 label bytes, coarse then fine, + 3072; the fine
 *       label (0..99) is used;</li>
 *   <li>ImageNet16-120: this project's layout, 1 label byte (0..119, i.e. the original 1-based label minus 1)
 *       + 768 pixel bytes (16x16x3, planar as above: the rows of the original {@code data} arrays).</li>
 * </ul>
 */
public record RecordFormat(Dataset dataset, int labelBytes, int labelIndex, int side) {

    public static RecordFormat of(Dataset dataset) {
        return switch (dataset) {
            case CIFAR10 -> new RecordFormat(dataset, 1, 0, 32);
            case CIFAR100 -> new RecordFormat(dataset, 2, 1, 32);
            case IMAGENET16_120 -> new RecordFormat(dataset, 1, 0, 16);
        };
    }

    public int pixelBytes() { return 3 * side * side; }

    public int recordBytes() { return labelBytes + pixelBytes(); }

    public String describe() {
        return dataset.id() + " records of " + recordBytes() + " bytes (" + labelBytes + " label byte"
                + (labelBytes > 1 ? "s" : "") + " + " + pixelBytes() + " pixel bytes)";
    }
}
