# Writes INPUT's text into OUTPUT as `extern const char* const spikegen::SYMBOL`.
file(READ ${INPUT} text)
set(delim "SPIKEGEN_EMBED")
file(WRITE ${OUTPUT} "// Generated from ${INPUT}; do not edit.\nnamespace spikegen { extern const char* const ${SYMBOL}; const char* const ${SYMBOL} = R\"${delim}(${text})${delim}\"; }\n")
