/* Font Awesome's icons in this book are drawn by the theme's icon fonts
   (vendor/fontawesome/webfonts, cut down by tools/icons.py), so the theme's
   1.5 MB script that would re-draw them as SVG is replaced by this note.
   Font Awesome Free by @fontawesome - https://fontawesome.com
   License - https://fontawesome.com/license/free
   (Icons: CC BY 4.0, Fonts: SIL OFL 1.1, Code: MIT License) */
