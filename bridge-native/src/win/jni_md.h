/* jni_md.h for Windows targets (mingw-w64 cross builds on Linux, whose JDK ships only the Linux
 * one).  Matches the JDK's include/win32/jni_md.h: JNICALL is __stdcall (significant on x86),
 * jint is a 32-bit long (LLP64), jlong a 64-bit integer. */
#ifndef _JAVASOFT_JNI_MD_H_
#define _JAVASOFT_JNI_MD_H_

#define JNIEXPORT __declspec(dllexport)
#define JNIIMPORT __declspec(dllimport)
#define JNICALL __stdcall

typedef long jint;
typedef long long jlong;
typedef signed char jbyte;

#endif
