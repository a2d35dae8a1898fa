package io.netchannel.conformance.mutants;

import io.netchannel.api.Access;
import io.netchannel.api.GuestMemory;

/** A {@link GuestMemory} that forwards every call; mutants override the calls they corrupt. */
class ForwardingMemory implements GuestMemory {

    final GuestMemory delegate;
    final RingSpy rings;

    ForwardingMemory(GuestMemory delegate, RingSpy rings) {
        this.delegate = delegate;
        this.rings = rings;
    }

    @Override
    public Access access(int context, int gref) {
        return delegate.access(context, gref);
    }

    @Override
    public int read(int context, int gref, int offset, byte[] dst, int dstOffset, int length) {
        return delegate.read(context, gref, offset, dst, dstOffset, length);
    }

    @Override
    public int write(int context, int gref, int offset, byte[] src, int srcOffset, int length) {
        return delegate.write(context, gref, offset, src, srcOffset, length);
    }

    @Override
    public long readU32(int context, int gref, int offset) {
        return delegate.readU32(context, gref, offset);
    }

    @Override
    public int writeU32(int context, int gref, int offset, int value) {
        return delegate.writeU32(context, gref, offset, value);
    }

    @Override
    public long revocationEpoch() {
        return delegate.revocationEpoch();
    }
}
