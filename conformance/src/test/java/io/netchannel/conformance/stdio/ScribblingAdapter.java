package io.netchannel.conformance.stdio;

import java.io.IOException;

/** The reference adapter with one defect: every kick also stores a byte in frame 0 and does not report it (a MEM-2 finding). */
final class ScribblingAdapter {

    private ScribblingAdapter() {
    }

    public static void main(String[] args) throws IOException {
        ModelAdapter.serve(System.in, System.out, call -> {
            if ("kick".equals(call.type())) {
                call.file().write(0, 2000, new byte[] {(byte) 0xAA}, 0, 1);
            }
        });
    }
}
