"""The view as files that leave the dashboard: the composed map (PNG, SVG, PDF), a slide, an offline snapshot."""
