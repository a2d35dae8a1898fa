package io.netchannel.api;

/** An inclusive range of TCP or UDP ports, {@code low..high}. */
public record PortRange(int low, int high) {

    /** Rejects ranges outside 0..65535 or with {@code low > high}. */
    public PortRange {
        if (low < 0 || high > 0xFFFF || low > high) {
            throw new IllegalArgumentException("a port range lies in 0..65535 with low <= high: low=" + low + " high=" + high);
        }
    }

    /** The range holding {@code port} alone. */
    public static PortRange of(int port) {
        return new PortRange(port, port);
    }

    /** True when {@code port} lies in the range. */
    public boolean contains(int port) {
        return port >= low && port <= high;
    }

    /** {@code 80} or {@code 1024-2047}, the form vectors write. */
    @Override
    public String toString() {
        return low == high ? Integer.toString(low) : low + "-" + high;
    }

    /** Parses {@link #toString()}'s form. */
    public static PortRange parse(String text) {
        try {
            int dash = text.indexOf('-');
            return dash < 0 ? of(Integer.parseInt(text.trim()))
                    : new PortRange(Integer.parseInt(text.substring(0, dash).trim()), Integer.parseInt(text.substring(dash + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a port range is PORT or LOW-HIGH: ports=" + text, e);
        }
    }
}
