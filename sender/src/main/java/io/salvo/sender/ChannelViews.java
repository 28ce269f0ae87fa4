package io.salvo.sender;

import io.salvo.rtp.OutputVector;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Duplicates of the caller's buffers with their own position and limit, so a gathering write can
 * see each vector as a buffer without touching the caller's. Cached per vector index and by
 * buffer identity (a buffer used at two indexes of one message gets two views), so steady state
 * allocates nothing; each index's cache forgets everything when it holds {@link #LIMIT} buffers.
 */
final class ChannelViews {
    static final int LIMIT = 16;

    private IdentitySlots[] slots = new IdentitySlots[0];
    private ByteBuffer[][] views = new ByteBuffer[0][];
    private ByteBuffer[] gather = new ByteBuffer[4];

    /** Array of at least {@code count} views, to fill with {@link #view}. */
    ByteBuffer[] array(int count) {
        if (gather.length < count) {
            gather = new ByteBuffer[Math.max(count, gather.length * 2)];
        }
        return gather;
    }

    /** A view of {@code vector}'s bytes (position = offset, limit = offset + length) for slot {@code index}. */
    ByteBuffer view(int index, OutputVector vector) {
        if (index >= slots.length) {
            grow(index + 1);
        }
        IdentitySlots table = slots[index];
        ByteBuffer source = vector.buffer();
        int slot = table.find(source);
        ByteBuffer view;
        if (slot >= 0) {
            view = views[index][slot];
        } else {
            if (table.size() >= LIMIT) {
                table.clear();
                Arrays.fill(views[index], null);
                slot = table.find(source);
            }
            slot = -slot - 1;
            view = source.duplicate();
            table.put(slot, source);
            views[index][slot] = view;
        }
        view.clear();
        view.position(vector.offset()).limit(vector.offset() + vector.length());
        return view;
    }

    private void grow(int count) {
        int size = Math.max(count, slots.length * 2);
        IdentitySlots[] grownSlots = Arrays.copyOf(slots, size);
        ByteBuffer[][] grownViews = Arrays.copyOf(views, size);
        for (int i = slots.length; i < size; i++) {
            grownSlots[i] = new IdentitySlots(LIMIT * 2);
            grownViews[i] = new ByteBuffer[LIMIT * 2];
        }
        slots = grownSlots;
        views = grownViews;
    }
}
